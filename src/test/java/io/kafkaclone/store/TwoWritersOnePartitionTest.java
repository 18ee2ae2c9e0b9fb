package io.kafkaclone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerSettings;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.RecordBatches;
import io.kafkaclone.core.StoredChunk;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import jakarta.inject.Inject;

/**
 * Two brokers, each with its own group-commit writer, append to one partition of one database at
 * once (what several broker processes sharing a database will do). The partition row lock taken by
 * {@link PanacheStorage} must give every record a unique offset and leave no gap.
 *
 * <p>Run on PostgreSQL only ({@link TwoWritersOnePartitionOnPostgresTest}): an H2 file database is open in
 * one process, whose one broker numbers records without the lock (LogWriteSession.reserveOffsets).
 */
abstract class TwoWritersOnePartitionTest {

    private static final int PER_WRITER = 1000;

    @Inject
    Broker broker;

    @Inject
    PanacheStorage storage;

    @Test
    void concurrentWritersGetUniqueGapFreeOffsets() throws Exception {
        TopicLog created = broker.createTopic("two-writers-" + UUID.randomUUID(), 1);
        // small commits so the two writers' transactions interleave many times
        BrokerSettings settings = new BrokerSettings(true, 1, 1024 * 1024, 1024 * 1024, 25);
        try (Broker a = new Broker(storage, settings); Broker b = new Broker(storage, settings)) {
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<List<AppendResult>> fromA = CompletableFuture.supplyAsync(() -> appendAll(a, created.name(), "a", start));
            CompletableFuture<List<AppendResult>> fromB = CompletableFuture.supplyAsync(() -> appendAll(b, created.name(), "b", start));
            start.countDown();
            List<AppendResult> acks = new ArrayList<>(fromA.get(120, TimeUnit.SECONDS));
            acks.addAll(fromB.get(120, TimeUnit.SECONDS));

            Set<Long> offsets = new HashSet<>();
            for (AppendResult r : acks) {
                assertThat(r.baseOffset()).isEqualTo(r.lastOffset());
                assertThat(offsets.add(r.baseOffset())).as("offset %d acknowledged twice", r.baseOffset()).isTrue();
            }
            assertThat(offsets).hasSize(2 * PER_WRITER);
            assertThat(offsets.stream().mapToLong(Long::longValue).max().getAsLong()).isEqualTo(2 * PER_WRITER - 1);
        }

        // the stored rows tile 0..2N-1 exactly, and each writer's records keep its own order
        List<StoredChunk> chunks = storage.readChunks(created.storageId(), 0, 0, Integer.MAX_VALUE);
        long expectedBase = 0;
        int nextA = 0;
        int nextB = 0;
        for (StoredChunk c : chunks) {
            assertThat(c.baseOffset()).isEqualTo(expectedBase);
            expectedBase = c.lastOffset() + 1;
            for (StoredRecord r : RecordBatches.decode(c, 0)) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                if (value.startsWith("a-")) {
                    assertThat(value).isEqualTo("a-" + nextA++);
                } else {
                    assertThat(value).isEqualTo("b-" + nextB++);
                }
            }
        }
        assertThat(expectedBase).isEqualTo(2 * PER_WRITER);
        assertThat(nextA).isEqualTo(PER_WRITER);
        assertThat(nextB).isEqualTo(PER_WRITER);
    }

    private static List<AppendResult> appendAll(Broker writer, String topic, String prefix, CountDownLatch start) {
        try {
            PartitionLog p = writer.requireTopic(topic).partition(0);
            start.await();
            List<CompletableFuture<AppendResult>> futures = new ArrayList<>();
            for (int i = 0; i < PER_WRITER; i++) {
                futures.add(writer.append(p, List.of(new Record(null, (prefix + "-" + i).getBytes(StandardCharsets.UTF_8), List.of(), -1))));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
