package io.kafkaclone.kafka;

import static io.kafkaclone.kafka.KafkaTestClients.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/** After a restart (a new ProducerStates), a producer's sequence state is rebuilt from the batches stored in the log. */
@QuarkusTest
class ProducerStateRecoveryTest {

    @Inject
    Broker broker;
    @Inject
    Vertx vertx;

    private static ByteBuffer batch(long producerId, int baseSequence, int count) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            records[i] = new SimpleRecord(("r" + (baseSequence + i)).getBytes());
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) 0, baseSequence, records).buffer();
    }

    private ProducerStates.Admission admit(ProducerStates states, long pid, PartitionLog log, int first, int count) throws Exception {
        return states.admit(pid, (short) 0, log, first, first + count - 1, () -> broker.appendBatches(log, batch(pid, first, count), count))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aRetryAfterRestartIsRecognisedFromTheLog() throws Exception {
        PartitionLog log = broker.createTopic(unique("recovery"), 1).partition(0);
        Blocking blocking = new Blocking(vertx);
        ProducerStates before = new ProducerStates(broker, blocking, 1_000);
        long pid = before.newProducerId();
        ProducerStates.Admission first = admit(before, pid, log, 0, 3);
        assertThat(first.result().get(30, TimeUnit.SECONDS).baseOffset()).isZero();

        ProducerStates after = new ProducerStates(broker, blocking, 2_000); // the broker restarted
        ProducerStates.Admission retry = admit(after, pid, log, 0, 3);
        assertThat(retry.error()).isEqualTo(Errors.NONE);
        CompletableFuture<AppendResult> original = retry.result();
        assertThat(original.get(30, TimeUnit.SECONDS).baseOffset()).isZero();
        assertThat(log.logEndOffset()).isEqualTo(3); // not stored again

        assertThat(admit(after, pid, log, 7, 1).error()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(admit(after, pid, log, 3, 2).result().get(30, TimeUnit.SECONDS).baseOffset()).isEqualTo(3);

        // a producer id of this run on a fresh partition is simply new
        long newPid = after.newProducerId();
        assertThat(admit(after, newPid, log, 0, 1).result().get(30, TimeUnit.SECONDS).baseOffset()).isEqualTo(5);
    }
}
