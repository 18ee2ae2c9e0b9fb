package io.kafkaclone.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.TopicLog;

/**
 * A consumer group's position on each partition it committed to, and how far it is behind the log
 * end. Shared by the console and the lag gauges so both report the same number.
 */
public record GroupLag(String group, String topic, int partition, long committedOffset, long logEndOffset, long lag,
        String metadata, long commitTime) {

    /** One entry per committed offset of the group; partitions of deleted topics are left out. */
    public static List<GroupLag> of(Broker broker, String group) {
        List<GroupLag> out = new ArrayList<>();
        for (Storage.CommittedOffset c : broker.committedOffsets(group)) {
            Optional<TopicLog> topic = broker.topic(c.topic());
            if (topic.isEmpty() || c.partition() < 0 || c.partition() >= topic.get().partitionCount()) {
                continue;
            }
            PartitionLog p = topic.get().partition(c.partition());
            long end = p.logEndOffset();
            out.add(new GroupLag(group, c.topic(), c.partition(), c.offset(), end, Math.max(0, end - c.offset()),
                    c.metadata(), c.commitTime()));
        }
        return out;
    }
}
