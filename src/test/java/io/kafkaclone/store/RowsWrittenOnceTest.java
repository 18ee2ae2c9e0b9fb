package io.kafkaclone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.StoredRecord;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * On H2 a stored row reaches the file once: the bytes H2 reports written while big rows are
 * appended one commit at a time stay close to the payload. Without the split guard of
 * {@link LogWriteSession} each row was written again by the next commit (about twice the payload).
 *
 * <p>On its own empty database: H2 decides where a page splits from a sampled average of the sizes
 * of the rows it holds, and the suite's shared database holds thousands of tiny rows.
 */
@QuarkusTest
@TestProfile(RowsWrittenOnceTest.EmptyDatabase.class)
class RowsWrittenOnceTest {
    /** More commits than the guard pairs kept, so the bulk delete of old pairs happens inside the measured ones. */
    private static final int ROWS = 2 * LogWriteSession.GUARD_PAIRS_KEPT + 10;
    private static final int ROW_BYTES = 256 * 1024;

    @Inject
    Broker broker;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void eachCommittedRowIsWrittenToTheFileOnce() throws Exception {
        PartitionLog p = broker.createTopic("written-once-" + UUID.randomUUID(), 1).partition(0);
        Random random = new Random(42);
        byte[][] values = new byte[ROWS][ROW_BYTES];
        // one commit per row (each append waits for the previous): the case where the next commit used to copy it
        broker.append(p, List.of(record(new byte[ROW_BYTES]))).get(30, TimeUnit.SECONDS);
        long before = fileWriteBytes();
        for (byte[] value : values) {
            random.nextBytes(value);
            broker.append(p, List.of(record(value))).get(30, TimeUnit.SECONDS);
        }
        long written = fileWriteBytes() - before;

        long payload = (long) ROWS * ROW_BYTES;
        assertThat(written).as("bytes H2 wrote for %d rows of %d bytes", ROWS, ROW_BYTES).isLessThan(payload * 13 / 10);
        List<StoredRecord> last = broker.readRecords(p, ROWS, ROW_BYTES * 2);
        assertThat(last.get(0).value()).isEqualTo(values[ROWS - 1]);
    }

    /**
     * Many commits of small rows (a latency-bound producer) left the last page holding several rows; with one
     * guard row the next big rows then shared a page with it and every row was written twice for good
     * (2.08x here before the second guard).
     */
    @Test
    void bigRowsAfterManySmallCommitsAreStillWrittenOnce() throws Exception {
        PartitionLog p = broker.createTopic("written-once-after-small-" + UUID.randomUUID(), 1).partition(0);
        Random random = new Random(7);
        for (int i = 0; i < 150; i++) {
            byte[] small = new byte[1400];
            random.nextBytes(small);
            broker.append(p, List.of(record(small))).get(30, TimeUnit.SECONDS);
        }
        // a few commits for H2's sampled estimate of row sizes to catch up with the big rows
        for (int i = 0; i < 5; i++) {
            broker.append(p, List.of(record(new byte[ROW_BYTES]))).get(30, TimeUnit.SECONDS);
        }
        long before = fileWriteBytes();
        for (int i = 0; i < ROWS; i++) {
            byte[] value = new byte[ROW_BYTES];
            random.nextBytes(value);
            broker.append(p, List.of(record(value))).get(30, TimeUnit.SECONDS);
        }
        long written = fileWriteBytes() - before;
        assertThat(written).as("bytes H2 wrote for %d rows of %d bytes after small ones", ROWS, ROW_BYTES)
                .isLessThan((long) ROWS * ROW_BYTES * 13 / 10);
    }

    /** Old guard pairs are left behind for a while, not for good: the table never holds more than the pairs kept. */
    @Test
    void oldGuardRowsAreDeletedInBulk() throws Exception {
        PartitionLog p = broker.createTopic("guards-deleted-" + UUID.randomUUID(), 1).partition(0);
        long most = 0;
        for (int i = 0; i < 3 * LogWriteSession.GUARD_PAIRS_KEPT; i++) {
            broker.append(p, List.of(record(new byte[8 * 1024]))).get(30, TimeUnit.SECONDS);
            most = Math.max(most, guardRows());
        }
        assertThat(guardRows()).as("guard rows after the last big commit").isGreaterThanOrEqualTo(2);
        assertThat(most).as("guard rows at most, over %d big commits", 3 * LogWriteSession.GUARD_PAIRS_KEPT)
                .isBetween(4L, 2L * LogWriteSession.GUARD_PAIRS_KEPT);
    }

    private long guardRows() throws Exception {
        return Long.parseLong(singleValue("select count(*) from log_chunk where topic_id = ?", LogWriteSession.SPLIT_GUARD_TOPIC));
    }

    /** The URL's PAGE_SIZE reaches H2, and it is what the split guard reads (a row bigger than it moves the guards). */
    @Test
    void theDatabaseSplitsPagesAtTheConfiguredFourKibibytes() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(LogWriteSession.h2PageBytes(c)).isEqualTo(4096);
        }
    }

    /** The URL's CACHE_SIZE reaches H2: its page cache stays small, so the pages each commit writes do not fill the heap. */
    @Test
    void theDatabaseCachesAtMostOneMebibyteOfPages() throws Exception {
        assertThat(h2Setting("info.CACHE_MAX_SIZE")).as("H2's page cache, MB").isEqualTo("1");
    }

    public static class EmptyDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-clone.data-dir", "./target/rows-written-once/" + UUID.randomUUID());
        }
    }

    private static Record record(byte[] value) {
        return new Record(null, value, List.of(), -1);
    }

    private long fileWriteBytes() throws Exception {
        return Long.parseLong(h2Setting("info.FILE_WRITE_BYTES"));
    }

    private String h2Setting(String name) throws Exception {
        return singleValue("select setting_value from information_schema.settings where setting_name = ?", name);
    }

    /** The first column of the one row a query with one parameter returns. */
    private String singleValue(String sql, Object parameter) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a row of %s for %s", sql, parameter).isTrue();
                return rs.getString(1);
            }
        }
    }
}
