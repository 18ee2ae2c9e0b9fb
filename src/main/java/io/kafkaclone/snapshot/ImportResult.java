package io.kafkaclone.snapshot;

/** What a snapshot import restored. */
public record ImportResult(String id, int topics, long messages, int groups, int offsets) {
}
