package io.kafkaclone.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Broker.restore: records come back at their own offsets, with gaps kept, and the log continues after them. */
@QuarkusTest
class BrokerRestoreTest {

    @Inject
    Broker broker;

    private static StoredRecord rec(long offset, long timestamp, String value) {
        return new StoredRecord(offset, timestamp, ("k" + offset).getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                List.of(new Header("h", null), new Header("o", Long.toString(offset).getBytes(StandardCharsets.UTF_8))));
    }

    private static String describe(StoredRecord r) {
        return r.offset() + "/" + r.timestamp() + "/" + new String(r.key(), StandardCharsets.UTF_8) + "/"
                + (r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8)) + "/" + r.headers().size()
                + "/" + new String(r.headers().get(1).value(), StandardCharsets.UTF_8);
    }

    @Test
    void restoresAtOriginalOffsetsKeepingGapsAndTimestamps() throws Exception {
        TopicLog t = broker.createTopic("restore-" + UUID.randomUUID(), 1);
        PartitionLog p = t.partition(0);
        List<StoredRecord> first = List.of(rec(0, 1000, "a"), rec(1, 900, null), rec(4, 5000, "c"));
        AppendResult r = broker.restore(p, first).get(30, TimeUnit.SECONDS);
        assertThat(r.baseOffset()).isEqualTo(0);
        assertThat(p.logEndOffset()).isEqualTo(5);
        broker.restore(p, List.of(rec(5, 6000, "d"))).get(30, TimeUnit.SECONDS);
        AppendResult next = broker.append(p, List.of(new Record(null, "e".getBytes(StandardCharsets.UTF_8), List.of(), -1)))
                .get(30, TimeUnit.SECONDS);
        assertThat(next.baseOffset()).isEqualTo(6);
        List<StoredRecord> back = broker.readRecords(p, 0, 1 << 20);
        assertThat(back.subList(0, 4)).extracting(BrokerRestoreTest::describe)
                .containsExactly("0/1000/k0/a/2/0", "1/900/k1/null/2/1", "4/5000/k4/c/2/4", "5/6000/k5/d/2/5");
        assertThat(back.get(2).headers().get(0).value()).isNull();
        assertThat(broker.offsetForTimestamp(p, 4000)).hasValue(4);
    }

    @Test
    void refusesOffsetsBelowTheLogEndOrOutOfOrder() throws Exception {
        TopicLog t = broker.createTopic("restore-bad-" + UUID.randomUUID(), 1);
        PartitionLog p = t.partition(0);
        broker.restore(p, List.of(rec(0, 1, "a"), rec(1, 2, "b"))).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> broker.restore(p, List.of(rec(1, 3, "again"))).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(BrokerException.class);
        assertThatThrownBy(() -> broker.restore(p, List.of(rec(5, 3, "x"), rec(3, 4, "y"))).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(BrokerException.class);
        assertThatThrownBy(() -> broker.restore(p, List.of()).get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat(p.logEndOffset()).isEqualTo(2);
    }
}
