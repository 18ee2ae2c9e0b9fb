package io.kafkaclone.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.kafkaclone.core.Storage;
import io.kafkaclone.core.StoredChunk;

/**
 * A connection of its own for log reads (Fetch, line consumers, read-ahead), with its two queries
 * prepared once. Why plain JDBC: a consumer's fetches are serial, so each read's cost is paid in
 * full, and profiles of the consume run put most of the reading thread in Hibernate (query
 * translation, result materialisation) and the transaction around it rather than in H2. The
 * queries are the ones {@link ChunkEntity} mapped; they run in auto-commit (each sees what was
 * committed when it ran: the log is append-only below its end).
 */
final class LogReadSession implements AutoCloseable {
    /** Most rows one read query asks for (rows of small commits are small). */
    private static final int MAX_ROWS_PER_QUERY = 64;

    private final Connection connection;
    private final PreparedStatement firstRow;
    private final PreparedStatement rowsFrom;
    /** On H2: payloads taken from the result without the copy {@code getBytes} makes ({@link #payload}). */
    private final boolean h2;

    LogReadSession(Connection connection) throws SQLException {
        this.connection = connection;
        this.h2 = SessionPool.isH2(connection);
        connection.setAutoCommit(true);
        // H2 stops an index scan at the row limit only when ORDER BY names the whole index prefix
        // (topic, partition, offset); ordering by the offset alone made it read and sort every later row
        this.firstRow = connection.prepareStatement("select base_offset from log_chunk where topic_id = ? and partition_no = ?"
                + " and last_offset >= ? order by topic_id, partition_no, last_offset fetch first 1 rows only");
        this.rowsFrom = connection.prepareStatement("select base_offset, last_offset, record_count, max_timestamp, payload"
                + " from log_chunk where topic_id = ? and partition_no = ? and base_offset >= ?"
                + " order by topic_id, partition_no, base_offset fetch first ? rows only");
    }

    /** The rows holding offsets from {@code fromOffset} on, oldest first, until they hold about maxBytes from it ({@link Storage#readChunks}). */
    List<StoredChunk> readChunks(long topicId, int partition, long fromOffset, int maxBytes) throws SQLException {
        List<StoredChunk> out = new ArrayList<>();
        firstRow.setLong(1, topicId);
        firstRow.setInt(2, partition);
        firstRow.setLong(3, fromOffset);
        long from;
        try (ResultSet rs = firstRow.executeQuery()) {
            if (!rs.next()) {
                return out;
            }
            from = rs.getLong(1);
        }
        long bytes = 0;
        // A row's size is only known once it is read (H2 keeps the payload inline), so each query asks
        // for as many rows as the budget left holds at the average size so far, at least one: a read
        // ends with the row that reaches its budget.
        int rows = 1;
        while (true) {
            rowsFrom.setLong(1, topicId);
            rowsFrom.setInt(2, partition);
            rowsFrom.setLong(3, from);
            rowsFrom.setInt(4, rows);
            int read = 0;
            try (ResultSet rs = rowsFrom.executeQuery()) {
                while (rs.next()) {
                    read++;
                    StoredChunk chunk = new StoredChunk(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getLong(4), payload(rs, 5));
                    out.add(chunk);
                    bytes += chunk.bytesFrom(fromOffset);
                    from = chunk.lastOffset() + 1;
                    if (bytes >= maxBytes) {
                        return out;
                    }
                }
            }
            if (read < rows) {
                return out;
            }
            long average = Math.max(1, bytes / out.size());
            rows = (int) Math.max(1, Math.min(MAX_ROWS_PER_QUERY, (maxBytes - bytes) / average));
        }
    }

    /**
     * A payload column. H2's {@code getBytes} clones the value's array: a copy and an allocation of every byte read
     * (13 % of the read-ahead thread's samples in a consume profile; docs/performance.md, "Ninth session");
     * H2's values never change once made, and nothing of ours writes into a stored payload (the writer's rows are
     * handed to H2 the same way, {@link LogWriteSession}), so the value's own array is shared instead.
     */
    private byte[] payload(ResultSet rs, int column) throws SQLException {
        if (h2) {
            return rs.unwrap(org.h2.jdbc.JdbcResultSet.class).getInternal(column).getBytesNoCopy();
        }
        return rs.getBytes(column);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
