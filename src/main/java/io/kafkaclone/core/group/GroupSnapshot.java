package io.kafkaclone.core.group;

import java.util.List;

/** A read-only picture of a group, for describe/list tools. */
public record GroupSnapshot(String groupId, GroupState state, String protocolType, String protocolName, int generationId,
        List<MemberSnapshot> members) {

    public record MemberSnapshot(String memberId, String groupInstanceId, String clientId, String clientHost, byte[] metadata,
            byte[] assignment) {
    }
}
