package io.kafkaclone.core.group;

import java.util.LinkedHashMap;

/**
 * A member asking to join (or rejoin) a group.
 *
 * @param memberId             empty for a first join
 * @param protocols            protocol name to opaque metadata, in the member's order of preference
 * @param requireKnownMemberId first join must fetch a member id first (Kafka JoinGroup v4+)
 */
public record JoinRequest(String groupId, String memberId, String groupInstanceId, String clientId, String clientHost,
        String protocolType, LinkedHashMap<String, byte[]> protocols, int sessionTimeoutMs, int rebalanceTimeoutMs,
        boolean requireKnownMemberId) {
}
