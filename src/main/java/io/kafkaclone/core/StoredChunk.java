package io.kafkaclone.core;

/**
 * One stored row of the log: consecutive Kafka v2 record batches covering offsets
 * {@code baseOffset..lastOffset}. The bytes are exactly what a Kafka Fetch returns.
 */
public record StoredChunk(long baseOffset, long lastOffset, int recordCount, long maxTimestamp, byte[] payload) {

    /**
     * About how many payload bytes hold offsets {@code offset} and later: the payload's share by offsets
     * (the batches are not parsed). A read that starts inside a row counts only this part of it toward
     * its byte budget, so a fetch from the middle of a row still gets its full budget's worth of rows.
     */
    public long bytesFrom(long offset) {
        if (offset <= baseOffset) {
            return payload.length;
        }
        if (offset > lastOffset) {
            return 0;
        }
        return payload.length * (lastOffset - offset + 1) / (lastOffset - baseOffset + 1);
    }
}
