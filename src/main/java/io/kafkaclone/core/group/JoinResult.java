package io.kafkaclone.core.group;

import java.util.List;

/** What a joining member learns: its id, the generation, the chosen protocol and, for the leader only, every member. */
public record JoinResult(GroupError error, int generationId, String protocolType, String protocolName, String leaderId,
        String memberId, List<MemberMetadata> members) {

    /** A member as the leader sees it: its metadata for the chosen protocol. */
    public record MemberMetadata(String memberId, String groupInstanceId, byte[] metadata) {
    }

    static JoinResult failed(GroupError error, String memberId) {
        return new JoinResult(error, -1, null, null, "", memberId, List.of());
    }
}
