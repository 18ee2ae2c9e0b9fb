package io.kafkaclone.limits;

import java.util.Map;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Connection limits of the line and Kafka doors: {@code kafka-clone.limits.*} (Kafka's {@code max.connections},
 * {@code max.connections.per.ip}, {@code max.connections.per.ip.overrides}, {@code connections.max.idle.ms}).
 * Unset limits are unlimited.
 */
@ConfigMapping(prefix = "kafka-clone.limits")
public interface LimitsConfig {

    /** Open connections of both doors together; one more is refused. */
    OptionalInt maxConnections();

    /** Open connections of both doors together from one client IP address. */
    OptionalInt maxConnectionsPerIp();

    /**
     * Per-address exceptions to {@link #maxConnectionsPerIp()}, e.g.
     * {@code kafka-clone.limits.max-connections-per-ip-overrides."10.0.0.7"=500} (an IP literal or a host name,
     * resolved at startup).
     */
    Map<String, Integer> maxConnectionsPerIpOverrides();

    /**
     * A connection with no request for this long, and nothing in progress (no line subscription, no
     * unanswered request such as a long-polling Fetch), is closed. 0 (default): never.
     */
    @WithDefault("0")
    long connectionsMaxIdleMs();
}
