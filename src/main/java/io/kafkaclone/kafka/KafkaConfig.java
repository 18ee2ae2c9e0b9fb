package io.kafkaclone.kafka;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The Kafka protocol listener: {@code kafka-clone.kafka.*} in application.properties, or KAFKA_CLONE_KAFKA_* variables. */
@ConfigMapping(prefix = "kafka-clone.kafka")
public interface KafkaConfig {

    @WithDefault("true")
    boolean enabled();

    @WithDefault("0.0.0.0")
    String host();

    /** 0 picks a free port (tests). */
    @WithDefault("9092")
    int port();

    /** Host clients are told to connect to (Metadata, FindCoordinator); defaults to the bound host, or localhost when bound to all interfaces. */
    Optional<String> advertisedHost();

    /** Port clients are told to connect to; defaults to the port actually bound. */
    Optional<Integer> advertisedPort();

    /** This broker's node id in Metadata and FindCoordinator answers. */
    @WithDefault("0")
    int nodeId();

    /** Cluster id reported to clients (22 characters, like Kafka's base64 UUIDs). */
    @WithDefault("a2Fma2EtY2xvbmUtY2x1cw")
    String clusterId();

    /** A frame announcing more bytes than this closes the connection. */
    @WithDefault("104857600")
    int maxFrameBytes();

    /** Requests of one connection awaiting their response before the broker stops reading from it. */
    @WithDefault("1000")
    int maxInFlightRequests();

    /** How long a new consumer group waits for more members before its first generation. */
    @WithDefault("0")
    int groupInitialRebalanceDelayMs();
}
