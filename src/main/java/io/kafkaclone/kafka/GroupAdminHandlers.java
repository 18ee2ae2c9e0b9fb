package io.kafkaclone.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.ConsumerGroups;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.kafkaclone.core.group.GroupSnapshot;
import io.kafkaclone.core.group.GroupState;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/**
 * DescribeGroups and ListGroups over every group the broker knows: Kafka classic groups, groups
 * whose members are line-protocol consumers (shown as a stable "consumer" group with their
 * broker-made assignment), and groups that only have committed offsets (shown as empty).
 */
final class GroupAdminHandlers {
    private static final String CONSUMER = ConsumerProtocol.PROTOCOL_TYPE;

    private final Broker broker;
    private final ClassicGroupCoordinator coordinator;
    private final KafkaCluster cluster;
    private final Authorizer authorizer;

    GroupAdminHandlers(Broker broker, ClassicGroupCoordinator coordinator, KafkaCluster cluster, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.coordinator = coordinator;
        this.cluster = cluster;
    }

    CompletionStage<ApiMessage> describeGroups(KafkaRequest request) {
        DescribeGroupsRequestData data = request.data();
        short version = request.version();
        return coordinator.list().thenApply(known -> {
            DescribeGroupsResponseData response = new DescribeGroupsResponseData();
            for (String groupId : data.groups()) {
                if (!authorizer.allows(request.principal(), AclOperation.DESCRIBE, ResourceType.GROUP, groupId)) {
                    response.groups().add(new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId)
                            .setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()).setGroupState("").setProtocolType("")
                            .setProtocolData(""));
                    continue;
                }
                if (!cluster.coordinates(groupId)) {
                    // another broker holds its membership; a former owner's leftovers here would be stale
                    response.groups().add(new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId)
                            .setErrorCode(org.apache.kafka.common.protocol.Errors.NOT_COORDINATOR.code()));
                    continue;
                }
                Optional<GroupSnapshot> kafkaGroup = known.stream().filter(g -> g.groupId().equals(groupId)).findFirst();
                response.groups().add(describe(groupId, kafkaGroup.orElse(null), version));
            }
            return response;
        });
    }

    private DescribeGroupsResponseData.DescribedGroup describe(String groupId, GroupSnapshot kafkaGroup, short version) {
        DescribeGroupsResponseData.DescribedGroup out = new DescribeGroupsResponseData.DescribedGroup().setGroupId(groupId);
        if (kafkaGroup != null && kafkaGroup.state() != GroupState.EMPTY) {
            out.setGroupState(kafkaGroup.state().displayName()).setProtocolType(kafkaGroup.protocolType())
                    .setProtocolData(kafkaGroup.state() == GroupState.STABLE ? kafkaGroup.protocolName() : "");
            for (GroupSnapshot.MemberSnapshot m : kafkaGroup.members()) {
                out.members().add(member(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost(), m.metadata(),
                        m.assignment(), version));
            }
            return out;
        }
        List<ConsumerGroups.MemberView> lineMembers = broker.groups().members(groupId);
        if (!lineMembers.isEmpty()) {
            out.setGroupState(GroupState.STABLE.displayName()).setProtocolType(CONSUMER).setProtocolData("range");
            for (ConsumerGroups.MemberView m : lineMembers) {
                List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
                m.partitions().forEach(p -> partitions.add(new org.apache.kafka.common.TopicPartition(m.topic(), p)));
                ByteBuffer assignment = ConsumerProtocol.serializeAssignment(new ConsumerPartitionAssignor.Assignment(partitions));
                byte[] bytes = new byte[assignment.remaining()];
                assignment.get(bytes);
                out.members().add(member(m.memberId(), null, m.clientInfo(), "", new byte[0], bytes, version));
            }
            return out;
        }
        boolean known = kafkaGroup != null || broker.groupNames().contains(groupId);
        return out.setGroupState(known ? GroupState.EMPTY.displayName() : GroupState.DEAD.displayName())
                .setProtocolType(known ? CONSUMER : "").setProtocolData("");
    }

    private static DescribeGroupsResponseData.DescribedGroupMember member(String memberId, String instanceId, String clientId,
            String clientHost, byte[] metadata, byte[] assignment, short version) {
        DescribeGroupsResponseData.DescribedGroupMember m = new DescribeGroupsResponseData.DescribedGroupMember().setMemberId(memberId)
                .setClientId(clientId == null ? "" : clientId).setClientHost(clientHost == null ? "" : clientHost)
                .setMemberMetadata(metadata == null ? new byte[0] : metadata)
                .setMemberAssignment(assignment == null ? new byte[0] : assignment);
        if (version >= 4) {
            m.setGroupInstanceId(instanceId);
        }
        return m;
    }

    CompletionStage<ApiMessage> listGroups(KafkaRequest request) {
        ListGroupsRequestData data = request.data();
        short version = request.version();
        return coordinator.list().thenApply(kafkaGroups -> {
            Map<String, String[]> groups = new TreeMap<>(); // id -> {protocol type, state}
            for (String name : broker.groupNames()) {
                boolean live = !broker.groups().members(name).isEmpty();
                groups.put(name, new String[] { CONSUMER, (live ? GroupState.STABLE : GroupState.EMPTY).displayName() });
            }
            for (GroupSnapshot g : kafkaGroups) {
                if (g.state() != GroupState.EMPTY || !groups.containsKey(g.groupId())) {
                    groups.put(g.groupId(), new String[] { g.protocolType().isEmpty() ? CONSUMER : g.protocolType(),
                            g.state().displayName() });
                }
            }
            ListGroupsResponseData response = new ListGroupsResponseData();
            List<String> states = version >= 4 && data.statesFilter() != null ? data.statesFilter() : List.of();
            List<String> types = version >= 5 && data.typesFilter() != null ? data.typesFilter() : List.of();
            boolean classicWanted = types.isEmpty() || types.stream().anyMatch(t -> t.equalsIgnoreCase("classic"));
            // as in Kafka: DESCRIBE on the cluster lists every group, otherwise only those the principal may DESCRIBE
            boolean seesAll = authorizer.allows(request.principal(), AclOperation.DESCRIBE, ResourceType.CLUSTER,
                    ResourceType.CLUSTER_NAME);
            groups.forEach((id, info) -> {
                if (!seesAll && !authorizer.allows(request.principal(), AclOperation.DESCRIBE, ResourceType.GROUP, id)) {
                    return;
                }
                if (!classicWanted || (!states.isEmpty() && states.stream().noneMatch(s -> s.equalsIgnoreCase(info[1])))) {
                    return;
                }
                ListGroupsResponseData.ListedGroup g = new ListGroupsResponseData.ListedGroup().setGroupId(id).setProtocolType(info[0]);
                if (version >= 4) {
                    g.setGroupState(info[1]);
                }
                if (version >= 5) {
                    g.setGroupType("classic");
                }
                response.groups().add(g);
            });
            return response;
        });
    }

}
