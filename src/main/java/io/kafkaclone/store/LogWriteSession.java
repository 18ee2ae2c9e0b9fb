package io.kafkaclone.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.kafkaclone.cluster.ClusterEvents;
import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.ErrorCode;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.StoredChunk;
import io.kafkaclone.store.SessionPool.StorageSqlException;

/**
 * A connection of its own for group commits, with its statements prepared once and kept.
 *
 * <p>Why not Hibernate and JTA here, as everywhere else: a group commit runs hundreds of times a
 * second on the one writer thread, and a CPU profile of a produce run (docs/performance.md) put
 * 40% of that thread in the layers around the SQL: Hibernate loading the partition row as an
 * entity to lock it, Narayana's two-phase bookkeeping for a single resource, the pool's
 * enlistment, and H2 re-parsing statements that a pooled connection had not seen. The statements
 * are the same tables and columns the entities map ({@link ChunkEntity}, {@link PartitionEntity},
 * {@link OffsetEntity}); reads and everything else still go through the entities.
 */
final class LogWriteSession implements AutoCloseable {
    private final Connection connection;
    private final boolean cluster;
    private PreparedStatement lockPartition;
    private PreparedStatement advancePartition;
    private PreparedStatement insertChunk;
    private PreparedStatement findOffset;
    private PreparedStatement insertOffset;
    private PreparedStatement updateOffset;
    private PreparedStatement moveRowOffsets;
    private PreparedStatement doomedChunks;
    private PreparedStatement deleteChunks;
    private PreparedStatement notify;
    private PreparedStatement dropSplitGuards;
    private PreparedStatement addSplitGuards;
    /**
     * Guard pairs this session inserted, counted before the transaction commits: after a rollback the count is ahead
     * of the table, which only skips base offsets (and a failed transaction closes its session, SessionPool).
     */
    private long guardMoves;
    /**
     * On H2: the only writer (no partition row per commit, see reserveOffsets), the split guard
     * ({@link #SPLIT_GUARD_TOPIC}), and rows handed to the driver without a copy.
     */
    private final boolean h2;

    /**
     * Topic id of the guard rows kept at the end of {@code log_chunk} on H2 (no topic has it: ids come
     * from a sequence starting at 1, and every read names its topic). H2 keeps a table's rows in a
     * copy-on-write B-tree in insertion order; a new row lands in the leaf page of the row inserted
     * before it, the page splits, and the older row is written to the file again. With log rows of
     * tens of kilobytes that wrote every record twice. A group commit that stored a big row therefore ends its inserts by
     * adding a pair of guard rows (empty): the next commit's first row splits the guards' page instead, and a
     * stored row is written once.
     *
     * <p>Why two: H2 splits a full page in the middle of its keys. With one guard, a commit whose last
     * page also held older small rows could end with the guard sharing a page with that commit's last
     * (big) row; from then on every commit split that page as [row][guard, new row] and wrote each row
     * twice, for good (a 20,000-record latency run was enough to tip a broker into it: the next produce
     * runs wrote 445 MB per 200 MB, docs/performance.md, "Fifth session"). The second guard makes the
     * last split of every commit [row][guard, guard], so the state cannot stick. (H2 decides splits from a
     * sampled average row size, so right after many tiny rows a big one may share a page for a commit or
     * two: never worse than without guards.) Measured: RowsWrittenOnceTest.
     */
    static final long SPLIT_GUARD_TOPIC = Long.MAX_VALUE;

    /**
     * The guards move only in a commit that stored a row bigger than H2's page (its split size, {@code PAGE_SIZE} in
     * the URL, 4 KiB in ours, 16 KiB by default). A leaf splits when it passes that size: rows smaller than a page
     * share the last leaf with the rows of the next commits whether the guards move or not (the leaf is rewritten by
     * each commit until it fills and splits), so moving them after small rows bought nothing and cost four more
     * statements (two deletes, two inserts, each on four B-trees) per commit (a sixth of the writer's samples in a
     * 1 KiB produce profile; a latency run's writer took 77-100 ticks without them, 90-103 with them). A row bigger
     * than a page splits off alone, and the guards behind it keep the next commit's rows off its leaf. The first
     * commit with a big row moves them again, after its rows, which is the state the guards exist for.
     */
    private final int splitGuardMinRowBytes;

    /** Guard pairs left in the table before all are deleted in one statement (at most this many pairs are there). */
    static final int GUARD_PAIRS_KEPT = 64;

    LogWriteSession(Connection connection, boolean cluster) throws SQLException {
        this.connection = connection;
        this.cluster = cluster;
        this.h2 = SessionPool.isH2(connection);
        this.splitGuardMinRowBytes = h2 ? h2PageBytes(connection) : Integer.MAX_VALUE;
        if (h2) {
            forgetEarlierQueries(connection);
        }
        connection.setAutoCommit(false);
    }

    /** Runs work in one database transaction: committed when it returns, rolled back when it throws. */
    void run(Consumer<Storage.WriteTransaction> work) throws SQLException {
        Transaction tx = new Transaction(cluster ? new ClusterEvents() : null);
        try {
            work.accept(tx);
            if (tx.largestChunk > splitGuardMinRowBytes) {
                moveSplitGuard();
            }
            tx.announce();
            connection.commit();
        } catch (SQLException | RuntimeException | Error e) {
            try {
                connection.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** H2's page split size as the database was opened with it (the URL's PAGE_SIZE); SQL does not show it. */
    static int h2PageBytes(Connection connection) throws SQLException {
        org.h2.engine.Session session = connection.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
        return ((org.h2.engine.SessionLocal) session).getDatabase().getPageSize();
    }

    /**
     * Empties H2's per-connection cache of prepared commands (up to 8, by SQL text), which on a pooled connection
     * still holds what its earlier users ran (Flyway, Hibernate's start-up reads). In every transaction, the first
     * change to a table makes H2 walk each cached query's whole expression tree to see whether it reads that table
     * (SessionLocal.registerTableAsUpdated): 2 % of the writer's samples in a 1 KiB produce profile went to
     * queries this session never runs. H2 clears the cache when the current schema is set; it is set to itself.
     */
    private static void forgetEarlierQueries(Connection connection) throws SQLException {
        connection.setSchema(connection.getSchema());
    }

    /**
     * Inserts a new pair of guard rows after this transaction's rows (new row ids, so last in the tree). The pairs
     * before it are left where they are and deleted together every {@link #GUARD_PAIRS_KEPT} moves: a pair left
     * behind sits in leaves of its own between two commits' rows, where it changes nothing, and deleting it on
     * every move cost two more row deletes (each on four B-trees) per commit that stored a big row.
     */
    private void moveSplitGuard() throws SQLException {
        long slot = guardMoves % GUARD_PAIRS_KEPT; // pairs inserted since the last delete
        if (slot == 0) {
            // also a session's first move: its counter starts where an earlier session's did, so their pairs go first
            dropSplitGuards = prepare(dropSplitGuards, "delete from log_chunk where topic_id = " + SPLIT_GUARD_TOPIC);
            dropSplitGuards.executeUpdate();
        }
        addSplitGuards = prepare(addSplitGuards, "insert into log_chunk (topic_id, partition_no, base_offset, last_offset,"
                + " record_count, max_timestamp, size_bytes, payload) values (" + SPLIT_GUARD_TOPIC + ", 0, ?, 0, 0, 0, 0, X''), ("
                + SPLIT_GUARD_TOPIC + ", 0, ?, 0, 0, 0, 0, X'')");
        // base offsets unique until the next delete, which takes them all
        addSplitGuards.setLong(1, 2 * slot);
        addSplitGuards.setLong(2, 2 * slot + 1);
        addSplitGuards.executeUpdate();
        guardMoves++;
    }

    private PreparedStatement prepare(PreparedStatement existing, String sql) throws SQLException {
        return existing != null ? existing : connection.prepareStatement(sql);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** One transaction's work: the statements the entities would issue. */
    private final class Transaction implements Storage.WriteTransaction {
        /** What other brokers must hear of when this commits (cluster mode), else null. */
        private final ClusterEvents events;
        /** Size of the largest row this transaction inserted (0: none). */
        int largestChunk;

        Transaction(ClusterEvents events) {
            this.events = events;
        }

        @Override
        public long reserveOffsets(long topicId, int partition, int count, long knownEnd) {
            if (h2) {
                // H2's file database is open in one process only (its file lock), so this broker is the partition's
                // only writer and its end is the log's end (advanced only after a commit: a rolled back one leaves no
                // gap); the partition row is brought up to date when rows are deleted (trimLog) and the end is
                // recovered from the rows at start (PanacheStorage.loadTopics)
                return knownEnd;
            }
            try {
                // one statement moves the log end and reads it back: the update's row lock keeps offsets unique
                // and gap-free when several brokers append, and it is held until this transaction ends
                advancePartition = prepare(advancePartition, "update topic_partition set next_offset = next_offset + ?"
                        + " where topic_id = ? and partition_no = ? returning next_offset");
                advancePartition.setLong(1, count);
                advancePartition.setLong(2, topicId);
                advancePartition.setInt(3, partition);
                long end;
                try (ResultSet rs = advancePartition.executeQuery()) {
                    if (!rs.next()) {
                        throw new BrokerException(ErrorCode.UNKNOWN_TOPIC, "partition " + partition + " of topic id " + topicId + " is gone");
                    }
                    end = rs.getLong(1);
                }
                if (events != null) {
                    events.appended(topicId, partition, end);
                }
                return end - count;
            } catch (SQLException e) {
                throw new StorageSqlException(e);
            }
        }

        @Override
        public void insertChunk(long topicId, int partition, StoredChunk chunk) {
            try {
                insertChunk = prepare(insertChunk, "insert into log_chunk (topic_id, partition_no, base_offset, last_offset,"
                        + " record_count, max_timestamp, size_bytes, payload) values (?, ?, ?, ?, ?, ?, ?, ?)");
                insertChunk.setLong(1, topicId);
                insertChunk.setInt(2, partition);
                insertChunk.setLong(3, chunk.baseOffset());
                insertChunk.setLong(4, chunk.lastOffset());
                insertChunk.setInt(5, chunk.recordCount());
                insertChunk.setLong(6, chunk.maxTimestamp());
                insertChunk.setInt(7, chunk.payload().length);
                if (h2) {
                    // H2's setBytes clones the array; the row is ours and never changed after this, so H2 gets it as is
                    insertChunk.setObject(8, org.h2.value.ValueVarbinary.getNoCopy(chunk.payload()));
                } else {
                    insertChunk.setBytes(8, chunk.payload());
                }
                insertChunk.executeUpdate();
                largestChunk = Math.max(largestChunk, chunk.payload().length);
            } catch (SQLException e) {
                throw new StorageSqlException(e);
            }
        }

        @Override
        public void commitOffset(String group, String topic, int partition, long offset, String metadata, long commitTime,
                boolean onlyForward) {
            try {
                findOffset = prepare(findOffset,
                        "select committed_offset from consumer_offset where group_id = ? and topic = ? and partition_no = ?");
                findOffset.setString(1, group);
                findOffset.setString(2, topic);
                findOffset.setInt(3, partition);
                Long stored;
                try (ResultSet rs = findOffset.executeQuery()) {
                    stored = rs.next() ? rs.getLong(1) : null;
                }
                if (stored == null) {
                    insertOffset = prepare(insertOffset, "insert into consumer_offset (committed_offset, metadata, commit_time,"
                            + " group_id, topic, partition_no) values (?, ?, ?, ?, ?, ?)");
                    setOffsetRow(insertOffset, group, topic, partition, offset, metadata, commitTime).executeUpdate();
                } else if (!onlyForward || offset > stored) {
                    updateOffset = prepare(updateOffset, "update consumer_offset set committed_offset = ?, metadata = ?, commit_time = ?"
                            + " where group_id = ? and topic = ? and partition_no = ?");
                    setOffsetRow(updateOffset, group, topic, partition, offset, metadata, commitTime).executeUpdate();
                } else {
                    return;
                }
                if (events != null) {
                    events.committed(new Storage.CommittedOffset(group, topic, partition, offset, metadata, commitTime));
                }
            } catch (SQLException e) {
                throw new StorageSqlException(e);
            }
        }

        private static PreparedStatement setOffsetRow(PreparedStatement s, String group, String topic, int partition, long offset,
                String metadata, long commitTime) throws SQLException {
            s.setLong(1, offset);
            s.setString(2, metadata);
            s.setLong(3, commitTime);
            s.setString(4, group);
            s.setString(5, topic);
            s.setInt(6, partition);
            return s;
        }

        @Override
        public Storage.TrimResult trimLog(long topicId, int partition, long newStart, int maxChunks, long knownEnd) {
            try {
                // the same row lock appends take on PostgreSQL: a trim and an append of one partition never interleave
                long[] row = lockPartition(topicId, partition);
                long end = Math.max(row[0], knownEnd);
                long start = Math.max(row[1], Math.min(newStart, end));
                if (start != row[1] || end != row[0]) {
                    moveRowOffsets = prepare(moveRowOffsets, "update topic_partition set log_start_offset = ?, next_offset = ?"
                            + " where topic_id = ? and partition_no = ?");
                    moveRowOffsets.setLong(1, start);
                    moveRowOffsets.setLong(2, end);
                    moveRowOffsets.setLong(3, topicId);
                    moveRowOffsets.setInt(4, partition);
                    moveRowOffsets.executeUpdate();
                }
                // at most maxChunks rows per transaction, found on the (topic, partition, last_offset) index, so a
                // large backlog is deleted in short transactions between group commits instead of one long one
                doomedChunks = prepare(doomedChunks, "select last_offset, size_bytes from log_chunk where topic_id = ? and partition_no = ?"
                        + " and last_offset < ? order by topic_id, partition_no, last_offset");
                doomedChunks.setLong(1, topicId);
                doomedChunks.setInt(2, partition);
                doomedChunks.setLong(3, start);
                doomedChunks.setMaxRows(maxChunks + 1);
                List<long[]> doomed = new ArrayList<>();
                try (ResultSet rs = doomedChunks.executeQuery()) {
                    while (rs.next()) {
                        doomed.add(new long[] { rs.getLong(1), rs.getLong(2) });
                    }
                }
                int count = Math.min(doomed.size(), maxChunks);
                if (count == 0) {
                    return new Storage.TrimResult(start, 0, 0, false);
                }
                long bytes = 0;
                for (int i = 0; i < count; i++) {
                    bytes += doomed.get(i)[1];
                }
                deleteChunks = prepare(deleteChunks, "delete from log_chunk where topic_id = ? and partition_no = ? and last_offset <= ?");
                deleteChunks.setLong(1, topicId);
                deleteChunks.setInt(2, partition);
                deleteChunks.setLong(3, doomed.get(count - 1)[0]);
                int deleted = deleteChunks.executeUpdate();
                return new Storage.TrimResult(start, deleted, bytes, doomed.size() > maxChunks);
            } catch (SQLException e) {
                throw new StorageSqlException(e);
            }
        }

        /** Locks the partition row; returns {next offset, log start offset}. */
        private long[] lockPartition(long topicId, int partition) throws SQLException {
            lockPartition = prepare(lockPartition,
                    "select next_offset, log_start_offset from topic_partition where topic_id = ? and partition_no = ? for update");
            lockPartition.setLong(1, topicId);
            lockPartition.setInt(2, partition);
            try (ResultSet rs = lockPartition.executeQuery()) {
                if (!rs.next()) {
                    throw new BrokerException(ErrorCode.UNKNOWN_TOPIC, "partition " + partition + " of topic id " + topicId + " is gone");
                }
                return new long[] { rs.getLong(1), rs.getLong(2) };
            }
        }

        /**
         * NOTIFY inside the transaction: PostgreSQL delivers it exactly when (and only if) the
         * transaction commits, so no broker is woken for records it cannot read yet, and a broker
         * killed right after its commit cannot leave the others unaware.
         */
        void announce() throws SQLException {
            if (events == null || events.isEmpty()) {
                return;
            }
            notify = prepare(notify, "select pg_notify(?, ?)");
            for (String payload : events.payloads()) {
                notify.setString(1, ClusterEvents.CHANNEL);
                notify.setString(2, payload);
                try (ResultSet rs = notify.executeQuery()) {
                    // the result is void; executing is what sends it
                }
            }
        }
    }

}
