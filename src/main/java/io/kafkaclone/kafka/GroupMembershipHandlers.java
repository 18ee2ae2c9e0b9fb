package io.kafkaclone.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.ConsumerGroups;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.kafkaclone.core.group.JoinRequest;
import io.kafkaclone.core.group.JoinResult;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/**
 * FindCoordinator, JoinGroup, SyncGroup, Heartbeat and LeaveGroup: translation between the Kafka
 * messages and the protocol-free {@link ClassicGroupCoordinator}. Alone, this broker coordinates every group;
 * in cluster mode only the groups {@link KafkaCluster#coordinatorOf} names it for, others get NOT_COORDINATOR.
 */
final class GroupMembershipHandlers {
    private final ClassicGroupCoordinator coordinator;
    private final ConsumerGroups lineGroups;
    private final KafkaCluster cluster;
    private final Authorizer authorizer;

    GroupMembershipHandlers(ClassicGroupCoordinator coordinator, ConsumerGroups lineGroups, KafkaCluster cluster, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.coordinator = coordinator;
        this.lineGroups = lineGroups;
        this.cluster = cluster;
    }

    CompletionStage<ApiMessage> findCoordinator(KafkaRequest request) {
        FindCoordinatorRequestData data = request.data();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        boolean groupKeys = data.keyType() == GROUP_KEY;
        if (request.version() >= 4) {
            for (String key : data.coordinatorKeys()) {
                FindCoordinatorResponseData.Coordinator c = new FindCoordinatorResponseData.Coordinator().setKey(key);
                if (groupKeys && !mayDescribe(request, key)) {
                    c.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setNodeId(-1).setHost("").setPort(-1);
                } else {
                    BrokerNode node = cluster.coordinatorOf(key);
                    c.setNodeId(node.nodeId()).setHost(node.host()).setPort(node.port());
                }
                response.coordinators().add(c);
            }
        } else if (groupKeys && !mayDescribe(request, data.key())) {
            response.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setNodeId(-1).setHost("").setPort(-1);
        } else {
            BrokerNode node = cluster.coordinatorOf(data.key());
            response.setNodeId(node.nodeId()).setHost(node.host()).setPort(node.port());
        }
        return CompletableFuture.completedFuture(response);
    }

    /** FindCoordinator key type of a consumer group (1 is a transactional id). */
    private static final byte GROUP_KEY = 0;

    private boolean mayDescribe(KafkaRequest request, String group) {
        return authorizer.allows(request.principal(), AclOperation.DESCRIBE, ResourceType.GROUP, group);
    }

    /** Joining, syncing, heartbeating and leaving a group need READ on it, as in Kafka. */
    private boolean mayRead(KafkaRequest request, String group) {
        return authorizer.allows(request.principal(), AclOperation.READ, ResourceType.GROUP, group == null ? "" : group);
    }

    CompletionStage<ApiMessage> joinGroup(KafkaRequest request) {
        JoinGroupRequestData data = request.data();
        short version = request.version();
        if (!mayRead(request, data.groupId())) {
            return CompletableFuture.completedFuture(joinError(Errors.GROUP_AUTHORIZATION_FAILED, data.memberId(), version));
        }
        if (data.groupId() == null || data.groupId().isEmpty()) {
            return CompletableFuture.completedFuture(joinError(Errors.INVALID_GROUP_ID, data.memberId(), version));
        }
        if (!cluster.coordinates(data.groupId())) {
            return CompletableFuture.completedFuture(joinError(Errors.NOT_COORDINATOR, data.memberId(), version));
        }
        if (!lineGroups.members(data.groupId()).isEmpty()) {
            // one group, one membership protocol at a time: Kafka refuses a second protocol type the same way,
            // and letting both in would have line and Kafka members consume the same partitions
            return CompletableFuture.completedFuture(joinError(Errors.INCONSISTENT_GROUP_PROTOCOL, data.memberId(), version));
        }
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        data.protocols().forEach(p -> protocols.put(p.name(), p.metadata()));
        JoinRequest join = new JoinRequest(data.groupId(), data.memberId(), data.groupInstanceId(), request.clientId(),
                request.clientHost(), data.protocolType(), protocols, data.sessionTimeoutMs(),
                version >= 1 ? data.rebalanceTimeoutMs() : data.sessionTimeoutMs(), version >= 4);
        return coordinator.join(join).thenApply(result -> toResponse(result, version));
    }

    private static JoinGroupResponseData toResponse(JoinResult r, short version) {
        JoinGroupResponseData out = new JoinGroupResponseData().setErrorCode(KafkaErrors.of(r.error()).code())
                .setGenerationId(r.generationId()).setLeader(r.leaderId() == null ? "" : r.leaderId())
                .setMemberId(r.memberId() == null ? "" : r.memberId());
        if (version >= 7) {
            out.setProtocolType(r.protocolType()).setProtocolName(r.protocolName());
        } else {
            out.setProtocolName(r.protocolName() == null ? "" : r.protocolName());
        }
        List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
        for (JoinResult.MemberMetadata m : r.members()) {
            JoinGroupResponseData.JoinGroupResponseMember jm = new JoinGroupResponseData.JoinGroupResponseMember()
                    .setMemberId(m.memberId()).setMetadata(m.metadata() == null ? new byte[0] : m.metadata());
            if (version >= 5) {
                jm.setGroupInstanceId(m.groupInstanceId());
            }
            members.add(jm);
        }
        return out.setMembers(members);
    }

    private static JoinGroupResponseData joinError(Errors error, String memberId, short version) {
        JoinGroupResponseData out = new JoinGroupResponseData().setErrorCode(error.code()).setGenerationId(-1)
                .setMemberId(memberId == null ? "" : memberId).setLeader("");
        if (version < 7) {
            out.setProtocolName("");
        }
        return out;
    }

    CompletionStage<ApiMessage> syncGroup(KafkaRequest request) {
        SyncGroupRequestData data = request.data();
        short version = request.version();
        if (!mayRead(request, data.groupId())) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData()
                    .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setAssignment(new byte[0]));
        }
        if (!cluster.coordinates(data.groupId())) {
            return CompletableFuture.completedFuture(new SyncGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        Map<String, byte[]> assignments = new HashMap<>();
        data.assignments().forEach(a -> assignments.put(a.memberId(), a.assignment()));
        return coordinator.sync(data.groupId(), data.memberId(), data.generationId(), version >= 5 ? data.protocolType() : null,
                version >= 5 ? data.protocolName() : null, assignments).thenApply(r -> {
                    SyncGroupResponseData out = new SyncGroupResponseData().setErrorCode(KafkaErrors.of(r.error()).code())
                            .setAssignment(r.assignment() == null ? new byte[0] : r.assignment());
                    if (version >= 5) {
                        out.setProtocolType(r.protocolType()).setProtocolName(r.protocolName());
                    }
                    return out;
                });
    }

    CompletionStage<ApiMessage> heartbeat(KafkaRequest request) {
        HeartbeatRequestData data = request.data();
        if (!mayRead(request, data.groupId())) {
            return CompletableFuture.completedFuture(new HeartbeatResponseData().setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        if (!cluster.coordinates(data.groupId())) {
            return CompletableFuture.completedFuture(new HeartbeatResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        return coordinator.heartbeat(data.groupId(), data.memberId(), data.generationId())
                .thenApply(error -> new HeartbeatResponseData().setErrorCode(KafkaErrors.of(error).code()));
    }

    CompletionStage<ApiMessage> leaveGroup(KafkaRequest request) {
        LeaveGroupRequestData data = request.data();
        short version = request.version();
        if (!mayRead(request, data.groupId())) {
            return CompletableFuture.completedFuture(new LeaveGroupResponseData().setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        if (!cluster.coordinates(data.groupId())) {
            return CompletableFuture.completedFuture(new LeaveGroupResponseData().setErrorCode(Errors.NOT_COORDINATOR.code()));
        }
        List<String> memberIds = new ArrayList<>();
        if (version >= 3) {
            data.members().forEach(m -> memberIds.add(m.memberId()));
        } else {
            memberIds.add(data.memberId());
        }
        return coordinator.leave(data.groupId(), memberIds).thenApply(errors -> {
            LeaveGroupResponseData out = new LeaveGroupResponseData();
            if (version >= 3) {
                for (int i = 0; i < memberIds.size(); i++) {
                    LeaveGroupRequestData.MemberIdentity m = data.members().get(i);
                    out.members().add(new LeaveGroupResponseData.MemberResponse().setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId()).setErrorCode(KafkaErrors.of(errors.get(i)).code()));
                }
            } else {
                out.setErrorCode(KafkaErrors.of(errors.get(0)).code());
            }
            return out;
        });
    }

}
