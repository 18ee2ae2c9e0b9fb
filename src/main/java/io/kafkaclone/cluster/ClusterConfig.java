package io.kafkaclone.cluster;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Several brokers on one PostgreSQL database: {@code kafka-clone.cluster.*} in application.properties,
 * or KAFKA_CLONE_CLUSTER_* variables. Off by default (one broker, exactly as without it).
 */
@ConfigMapping(prefix = "kafka-clone.cluster")
public interface ClusterConfig {

    /** Share the database with other brokers: registry, heartbeats, LISTEN/NOTIFY wake-ups. Needs PostgreSQL. */
    @WithDefault("false")
    boolean enabled();

    /** This broker's node id; absent: the lowest id no live broker holds, claimed in the registry at start. */
    Optional<Integer> nodeId();

    /** How often this broker proves it is alive (and re-reads which brokers are). */
    @WithDefault("1000")
    int heartbeatIntervalMs();

    /**
     * A broker whose last heartbeat is older than this is dead: its groups move to live brokers. Shorter
     * fails over sooner, but a broker starved of CPU that long (GC, an overloaded host) is taken for dead.
     */
    @WithDefault("6000")
    int sessionTimeoutMs();

    /** Safety net beside the notifications: topics and partition ends are re-read from the database this often. */
    @WithDefault("2000")
    int refreshIntervalMs();
}
