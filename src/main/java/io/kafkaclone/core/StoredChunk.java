package io.kafkaclone.core;

/**
 * One stored row of the log: consecutive Kafka v2 record batches covering offsets
 * {@code baseOffset..lastOffset}. The bytes are exactly what a Kafka Fetch returns.
 */
public record StoredChunk(long baseOffset, long lastOffset, int recordCount, long maxTimestamp, byte[] payload) {
}
