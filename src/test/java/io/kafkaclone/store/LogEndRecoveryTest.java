package io.kafkaclone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.TopicLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * A single broker numbers records from the end it knows and leaves the partition row's next offset
 * behind; what a restart loads ({@link Storage#loadTopics}) must still be the log's true end, with
 * rows and after every row was deleted.
 */
@QuarkusTest
class LogEndRecoveryTest {

    @Inject
    Broker broker;
    @Inject
    PanacheStorage storage;

    private static Record record(String value) {
        return new Record(null, value.getBytes(StandardCharsets.UTF_8), List.of(), -1);
    }

    private Storage.StoredPartition stored(TopicLog topic, int partition) {
        return storage.loadTopics().stream().filter(t -> t.id() == topic.storageId()).findFirst().orElseThrow()
                .partitionStates().get(partition);
    }

    private void appendCommits(PartitionLog p, int commits) throws Exception {
        for (int i = 0; i < commits; i++) {
            broker.append(p, List.of(record("a" + i), record("b" + i), record("c" + i))).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theEndLoadedAtStartIsWhereTheStoredRowsEnd() throws Exception {
        TopicLog topic = broker.createTopic("end-" + UUID.randomUUID(), 2);
        appendCommits(topic.partition(1), 4);
        assertThat(stored(topic, 1).nextOffset()).isEqualTo(12).isEqualTo(topic.partition(1).logEndOffset());
        assertThat(stored(topic, 0).nextOffset()).isZero();
    }

    @Test
    void theEndSurvivesTheDeletionOfEveryRow() throws Exception {
        TopicLog topic = broker.createTopic("end-trim-" + UUID.randomUUID(), 1);
        PartitionLog p = topic.partition(0);
        appendCommits(p, 3);
        assertThat(broker.deleteRecordsBefore(p, 9).get(30, TimeUnit.SECONDS)).isEqualTo(9);
        assertThat(storage.chunkInfos(topic.storageId(), 0, 0, 10)).as("rows left").isEmpty();

        Storage.StoredPartition loaded = stored(topic, 0);
        assertThat(loaded.logStartOffset()).isEqualTo(9);
        assertThat(loaded.nextOffset()).isEqualTo(9);
        // and numbering goes on from there
        assertThat(broker.append(p, List.of(record("after"))).get(30, TimeUnit.SECONDS).baseOffset()).isEqualTo(9);
    }
}
