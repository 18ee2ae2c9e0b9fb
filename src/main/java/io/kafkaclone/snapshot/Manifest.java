package io.kafkaclone.snapshot;

import java.util.List;
import java.util.UUID;

/**
 * {@code manifest.json} of a snapshot: what it holds, written last so a complete manifest means a
 * complete snapshot. See docs/snapshots.md.
 */
public record Manifest(String format, String id, long createdAt, String createdAtIso, String brokerVersion, long messages,
        List<TopicEntry> topics, List<GroupEntry> groups) {

    public static final String FORMAT = "kafka-clone-snapshot/1";

    /** A topic; the partition files are {@code topics/<name>/partition-<n>.json}. */
    public record TopicEntry(String name, UUID topicId, int partitionCount, long messages, List<PartitionEntry> partitions) {
    }

    /** A partition's offset range at the snapshot's cut, and how many records its file holds. */
    public record PartitionEntry(int partition, long logStartOffset, long logEndOffset, long messages, String file) {
    }

    public record GroupEntry(String group, List<OffsetEntry> offsets) {
    }

    public record OffsetEntry(String topic, int partition, long offset, String metadata, long commitTime) {
    }
}
