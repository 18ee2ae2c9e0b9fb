package io.kafkaclone.kafka;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The API versions this broker serves: the union of what kafka-clients 4.x, librdkafka 2.x and
 * KafkaJS 2.2 send, with Kafka 4.0's floors (KIP-896). Maxima stay at versions whose fields we fill;
 * newer ones (topic ids in Produce v13 / OffsetCommit v10) are left out on purpose.
 */
public final class SupportedApis {
    /** A version range, inclusive. */
    public record Range(short min, short max) {
        boolean contains(short version) {
            return version >= min && version <= max;
        }
    }

    private static final Map<ApiKeys, Range> RANGES;

    static {
        Map<ApiKeys, Range> m = new EnumMap<>(ApiKeys.class);
        put(m, ApiKeys.PRODUCE, 3, 12);
        put(m, ApiKeys.FETCH, 4, 17);
        put(m, ApiKeys.LIST_OFFSETS, 1, 10);
        put(m, ApiKeys.METADATA, 0, 13);
        put(m, ApiKeys.OFFSET_COMMIT, 2, 9);
        put(m, ApiKeys.OFFSET_FETCH, 1, 9);
        put(m, ApiKeys.FIND_COORDINATOR, 0, 6);
        put(m, ApiKeys.JOIN_GROUP, 0, 9);
        put(m, ApiKeys.HEARTBEAT, 0, 4);
        put(m, ApiKeys.LEAVE_GROUP, 0, 5);
        put(m, ApiKeys.SYNC_GROUP, 0, 5);
        put(m, ApiKeys.DESCRIBE_GROUPS, 0, 5);
        put(m, ApiKeys.LIST_GROUPS, 0, 5);
        put(m, ApiKeys.API_VERSIONS, 0, 5);
        put(m, ApiKeys.CREATE_TOPICS, 2, 7);
        put(m, ApiKeys.DELETE_TOPICS, 1, 6);
        put(m, ApiKeys.INIT_PRODUCER_ID, 0, 5);
        put(m, ApiKeys.DESCRIBE_CONFIGS, 1, 4);
        put(m, ApiKeys.DESCRIBE_CLUSTER, 0, 2);
        put(m, ApiKeys.DESCRIBE_ACLS, 1, 3);
        put(m, ApiKeys.CREATE_ACLS, 1, 3);
        put(m, ApiKeys.DELETE_ACLS, 1, 3);
        // always advertised, as Kafka does: a client learns here which SaslHandshake it may send
        put(m, ApiKeys.SASL_HANDSHAKE, 0, 1);
        put(m, ApiKeys.SASL_AUTHENTICATE, 0, 2);
        put(m, ApiKeys.INCREMENTAL_ALTER_CONFIGS, 0, 1);
        put(m, ApiKeys.DELETE_RECORDS, 0, 2);
        RANGES = Collections.unmodifiableMap(m);
    }

    private SupportedApis() {
    }

    private static void put(Map<ApiKeys, Range> m, ApiKeys key, int min, int max) {
        // never claim more than the bundled kafka-clients can parse
        short libMax = key.latestVersion();
        m.put(key, new Range((short) Math.max(min, key.oldestVersion()), (short) Math.min(max, libMax)));
    }

    public static Map<ApiKeys, Range> ranges() {
        return RANGES;
    }

    public static boolean supports(ApiKeys key, short version) {
        Range r = RANGES.get(key);
        return r != null && r.contains(version);
    }

    /** The list sent in ApiVersions responses. */
    public static ApiVersionsResponseData.ApiVersionCollection advertised() {
        ApiVersionsResponseData.ApiVersionCollection out = new ApiVersionsResponseData.ApiVersionCollection();
        RANGES.forEach((key, range) -> out.add(new ApiVersionsResponseData.ApiVersion().setApiKey(key.id)
                // Produce advertises 0 although v0-2 are refused: older librdkafka breaks otherwise (KAFKA-18659)
                .setMinVersion(key == ApiKeys.PRODUCE ? 0 : range.min()).setMaxVersion(range.max())));
        return out;
    }
}
