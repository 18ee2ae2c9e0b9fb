package io.kafkaclone.kafka;

import java.util.UUID;

import org.apache.kafka.common.Uuid;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.TopicLog;

/** Topic ids between the core's java.util.UUID and Kafka's Uuid. */
final class Topics {
    private Topics() {
    }

    static Uuid uuid(TopicLog topic) {
        UUID id = topic.topicId();
        return new Uuid(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    /** The topic with this Kafka id, or null. */
    static TopicLog byId(Broker broker, Uuid id) {
        if (id == null || Uuid.ZERO_UUID.equals(id)) {
            return null;
        }
        UUID wanted = new UUID(id.getMostSignificantBits(), id.getLeastSignificantBits());
        for (TopicLog t : broker.topicsView()) {
            if (t.topicId().equals(wanted)) {
                return t;
            }
        }
        return null;
    }
}
