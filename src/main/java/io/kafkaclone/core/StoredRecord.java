package io.kafkaclone.core;

import java.util.List;

/** A record as read back from the log, with the offset and timestamp the log gave it. */
public record StoredRecord(long offset, long timestamp, byte[] key, byte[] value, List<Header> headers) {
}
