package io.kafkaclone.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.kafkaclone.testing.TestNames;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * Reads through the chunk cache on the real H2 database: what the cache answers equals what storage
 * holds, a cold broker reads through and ahead, rows another broker appended are read from storage,
 * and DeleteRecords or topic deletion leave nothing readable (or held) below the log start. Each test
 * runs its own Broker on the application's storage, so the hit and miss counts are its own.
 */
@QuarkusTest
class BrokerReadCacheTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Storage storage;

    /** Appends {@code chunks} rows of {@code perChunk} equally sized records, one commit (one row) each. */
    private static void appendChunks(Broker broker, PartitionLog p, int chunks, int perChunk) throws Exception {
        for (int i = 0; i < chunks; i++) {
            List<Record> records = new ArrayList<>();
            for (int j = 0; j < perChunk; j++) {
                records.add(new Record(null, String.format("%0500d", i * perChunk + j).getBytes(StandardCharsets.UTF_8), List.of(), -1));
            }
            broker.append(p, records).get(30, TimeUnit.SECONDS);
        }
    }

    /** A chunk as comparable values (the payload by content). */
    private static List<List<Object>> view(List<StoredChunk> chunks) {
        return chunks.stream()
                .map(c -> List.<Object>of(c.baseOffset(), c.lastOffset(), c.recordCount(), c.maxTimestamp(), ByteBuffer.wrap(c.payload())))
                .toList();
    }

    private List<StoredChunk> fromStorage(PartitionLog p, long from, int maxBytes) {
        return storage.readChunks(p.topic().storageId(), p.partition(), from, maxBytes);
    }

    @Test
    void readsAfterACommitAreServedFromMemoryAndEqualStorage() throws Exception {
        try (Broker broker = new Broker(storage, BrokerSettings.defaults())) {
            PartitionLog p = broker.createTopic(TestNames.unique("cache-tail"), 1).partition(0);
            appendChunks(broker, p, 20, 1);
            assertThat(broker.chunkCacheStats().cachedChunks()).as("every committed row").isEqualTo(20);

            int reads = 0;
            for (long from = 0; from < 20; from++) {
                for (int maxBytes : new int[] { 1, 2000, Integer.MAX_VALUE }) {
                    assertThat(view(broker.read(p, from, maxBytes))).as("from %d, %d bytes", from, maxBytes)
                            .isEqualTo(view(fromStorage(p, from, maxBytes)));
                    reads++;
                }
            }
            ChunkCacheStats stats = broker.chunkCacheStats();
            assertThat(stats.misses()).isZero();
            assertThat(stats.hits()).isEqualTo(reads);
        }
    }

    @Test
    void aReadFromInsideARowCountsOnlyItsPartFromTheOffsetTowardTheBudget() throws Exception {
        try (Broker broker = new Broker(storage, BrokerSettings.defaults())) {
            PartitionLog p = broker.createTopic(TestNames.unique("cache-budget"), 1).partition(0);
            appendChunks(broker, p, 4, 10);
            int row = fromStorage(p, 0, 1).get(0).payload().length;

            assertThat(fromStorage(p, 0, row)).as("a whole row fills a budget of one row").hasSize(1);
            // from offset 5 only half of row 0 counts: a fetch cutting at one row's bytes needs row 1 too
            assertThat(fromStorage(p, 5, row)).extracting(StoredChunk::baseOffset).containsExactly(0L, 10L);
            assertThat(view(broker.read(p, 5, row))).isEqualTo(view(fromStorage(p, 5, row)));
            assertThat(fromStorage(p, 5, row / 2)).as("half a row from the middle").hasSize(1);
        }
    }

    @Test
    void aColdBrokerReadsThroughAndReadsTheNextRangeAhead() throws Exception {
        String name = TestNames.unique("cache-cold");
        try (Broker writer = new Broker(storage, BrokerSettings.defaults())) {
            appendChunks(writer, writer.createTopic(name, 1).partition(0), 20, 1);
        }
        try (Broker broker = new Broker(storage, BrokerSettings.defaults())) {
            PartitionLog p = broker.requireTopic(name).partition(0);
            // a page of exactly four rows (all rows are the same size)
            int page = 4 * fromStorage(p, 0, 1).get(0).payload().length;

            List<StoredChunk> first = broker.read(p, 0, page);
            assertThat(view(first)).isEqualTo(view(fromStorage(p, 0, page)));
            assertThat(first).hasSize(4);
            assertThat(broker.chunkCacheStats().misses()).isEqualTo(1);

            // the read-ahead of the next page lands in the background
            await().atMost(WAIT).until(() -> broker.chunkCacheStats().cachedChunks() >= 8);
            List<StoredChunk> second = broker.read(p, 4, page);
            assertThat(view(second)).isEqualTo(view(fromStorage(p, 4, page)));
            assertThat(broker.chunkCacheStats().misses()).as("the second page came from memory").isEqualTo(1);
            assertThat(broker.chunkCacheStats().hits()).isEqualTo(1);
        }
    }

    /**
     * Two brokers appending to one partition: a test on PostgreSQL only ({@link BrokerReadCacheOnPostgresTest}),
     * the database several brokers share; on H2 one broker is the only writer and numbers without the row lock.
     */
    void rowsAnotherBrokerAppendedAreReadFromStorageNotSkipped() throws Exception {
        String name = TestNames.unique("cache-cluster");
        try (Broker a = new Broker(storage, BrokerSettings.defaults()); Broker b = new Broker(storage, BrokerSettings.defaults())) {
            PartitionLog onA = a.createTopic(name, 1).partition(0);
            b.refreshTopicsFromStorage();
            PartitionLog onB = b.requireTopic(name).partition(0);
            // alternate writers: each broker's cache holds only its own rows, with holes where the other's are
            for (int i = 0; i < 10; i++) {
                appendChunks(a, onA, 1, 2);
                appendChunks(b, onB, 1, 3);
            }
            a.catchUp(onA); // what a cluster notification would do
            assertThat(onA.logEndOffset()).isEqualTo(50);

            // the widest read first: while a's cache still holds only a's rows, it must stop at the first hole
            for (int maxBytes : new int[] { Integer.MAX_VALUE, 3000, 1 }) {
                List<StoredChunk> all = new ArrayList<>();
                long next = 0;
                while (next < 50) {
                    List<StoredChunk> page = a.read(onA, next, maxBytes);
                    assertThat(page).isNotEmpty();
                    assertThat(page.get(0).baseOffset()).isLessThanOrEqualTo(next);
                    assertThat(page.get(0).lastOffset()).isGreaterThanOrEqualTo(next);
                    all.addAll(page);
                    next = page.get(page.size() - 1).lastOffset() + 1;
                }
                assertThat(view(all)).as("%d bytes a read", maxBytes).isEqualTo(view(fromStorage(onA, 0, Integer.MAX_VALUE)));
            }
            List<StoredRecord> records = a.readRecords(onA, 0, Integer.MAX_VALUE);
            assertThat(records).extracting(StoredRecord::offset).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 50).boxed().toList());
            // b's rows reached a only from storage (a fetch's own read or a read-ahead, whichever came first):
            // the equality with storage above is what proves no hole was skipped
        }
    }

    @Test
    void deleteRecordsAndTopicDeletionEvictWhatIsNoLongerReadable() throws Exception {
        try (Broker broker = new Broker(storage, BrokerSettings.defaults())) {
            String name = TestNames.unique("cache-trim");
            PartitionLog p = broker.createTopic(name, 1).partition(0);
            appendChunks(broker, p, 10, 3); // rows 0..2, 3..5, 6..8, ...
            assertThat(broker.chunkCacheStats().cachedChunks()).isEqualTo(10);

            assertThat(broker.deleteRecordsBefore(p, 7).get(30, TimeUnit.SECONDS)).isEqualTo(7);

            assertThat(broker.chunkCacheStats().cachedChunks()).as("the two rows wholly below 7").isEqualTo(8);
            List<StoredChunk> read = broker.read(p, 0, Integer.MAX_VALUE);
            assertThat(view(read)).isEqualTo(view(fromStorage(p, 7, Integer.MAX_VALUE)));
            assertThat(read.get(0).baseOffset()).as("the row straddling the new start").isEqualTo(6);
            assertThat(broker.readRecords(p, 0, Integer.MAX_VALUE).get(0).offset()).isEqualTo(7);
            assertThat(broker.chunkCacheStats().misses()).isZero();

            broker.deleteTopic(name);
            assertThat(broker.chunkCacheStats().cachedChunks()).isZero();
            assertThat(broker.chunkCacheStats().cachedBytes()).isZero();
        }
    }

    @Test
    void aZeroBudgetReadsEverythingFromStorage() throws Exception {
        try (Broker broker = new Broker(storage, BrokerSettings.defaults().withCacheBytes(0))) {
            PartitionLog p = broker.createTopic(TestNames.unique("cache-off"), 1).partition(0);
            appendChunks(broker, p, 5, 2);
            for (long from = 0; from < 10; from++) {
                assertThat(view(broker.read(p, from, 1200))).isEqualTo(view(fromStorage(p, from, 1200)));
            }
            assertThat(broker.chunkCacheStats()).isEqualTo(new ChunkCacheStats(0, 0, 0, 0));
        }
    }
}
