package io.kafkaclone.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.TopicPartition;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.kafkaclone.core.group.GroupError;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.Principal;
import io.kafkaclone.security.ResourceType;

/**
 * OffsetCommit and OffsetFetch on the Broker's one offset store, the same rows line-protocol acks
 * move forward, so a group name is one group whichever door its members use.
 */
final class OffsetHandlers {
    /** The consumer_offset.metadata column holds this many characters. */
    static final int MAX_METADATA_LENGTH = 4000;

    private final Broker broker;
    private final ClassicGroupCoordinator coordinator;
    private final KafkaCluster cluster;
    private final Authorizer authorizer;

    OffsetHandlers(Broker broker, ClassicGroupCoordinator coordinator, KafkaCluster cluster, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.coordinator = coordinator;
        this.cluster = cluster;
    }

    CompletionStage<ApiMessage> offsetCommit(KafkaRequest request) {
        OffsetCommitRequestData data = request.data();
        // as in Kafka: READ on the group (else every partition fails) and READ on each topic
        if (!authorizer.allows(request.principal(), AclOperation.READ, ResourceType.GROUP, data.groupId())) {
            return commit(data, null, request.principal());
        }
        if (!cluster.coordinates(data.groupId())) {
            // the generation check needs the group's membership, which only its coordinator holds
            return commit(data, GroupError.NOT_COORDINATOR, request.principal());
        }
        return coordinator.validateCommit(data.groupId(), data.memberId(), data.generationIdOrMemberEpoch())
                .thenCompose(check -> commit(data, check, request.principal()));
    }

    /** {@code check} null: the principal may not use the group. */
    private CompletionStage<ApiMessage> commit(OffsetCommitRequestData data, GroupError check, Principal principal) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : data.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic tr = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(t.name());
            response.topics().add(tr);
            Optional<TopicLog> topic = Optional.ofNullable(t.name()).flatMap(broker::topic);
            boolean mayRead = t.name() != null && authorizer.allows(principal, AclOperation.READ, ResourceType.TOPIC, t.name());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                OffsetCommitResponseData.OffsetCommitResponsePartition pr = new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex());
                tr.partitions().add(pr);
                Errors error = check == null ? Errors.GROUP_AUTHORIZATION_FAILED
                        : !mayRead ? Errors.TOPIC_AUTHORIZATION_FAILED
                        : check != GroupError.NONE ? KafkaErrors.of(check)
                        : topic.isEmpty() || p.partitionIndex() < 0 || p.partitionIndex() >= topic.get().partitionCount()
                                ? Errors.UNKNOWN_TOPIC_OR_PARTITION
                                : p.committedMetadata() != null && p.committedMetadata().length() > MAX_METADATA_LENGTH
                                        ? Errors.OFFSET_METADATA_TOO_LARGE
                                        : Errors.NONE;
                if (error != Errors.NONE) {
                    pr.setErrorCode(error.code());
                    continue;
                }
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                pending.add(broker.commitOffset(data.groupId(), new TopicPartition(t.name(), p.partitionIndex()), p.committedOffset(),
                        metadata, false).handle((v, failure) -> {
                            if (failure != null) {
                                pr.setErrorCode(KafkaErrors.of(failure).code());
                            }
                            return null;
                        }));
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).thenApply(v -> response);
    }

    CompletionStage<ApiMessage> offsetFetch(KafkaRequest request) {
        OffsetFetchRequestData data = request.data();
        short version = request.version();
        Principal principal = request.principal();
        OffsetFetchResponseData response = new OffsetFetchResponseData();
        if (version >= 8) {
            for (OffsetFetchRequestData.OffsetFetchRequestGroup g : data.groups()) {
                Map<String, List<Integer>> wanted = null;
                if (g.topics() != null) {
                    wanted = new LinkedHashMap<>();
                    for (OffsetFetchRequestData.OffsetFetchRequestTopics t : g.topics()) {
                        wanted.put(t.name(), t.partitionIndexes());
                    }
                }
                OffsetFetchResponseData.OffsetFetchResponseGroup gr = new OffsetFetchResponseData.OffsetFetchResponseGroup()
                        .setGroupId(g.groupId());
                response.groups().add(gr);
                if (!mayDescribeGroup(principal, g.groupId())) {
                    gr.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code());
                    continue;
                }
                lookUp(g.groupId(), wanted, principal).forEach((topic, partitions) -> {
                    OffsetFetchResponseData.OffsetFetchResponseTopics tr = new OffsetFetchResponseData.OffsetFetchResponseTopics()
                            .setName(topic);
                    gr.topics().add(tr);
                    partitions.forEach(c -> tr.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                            .setPartitionIndex(c.offset().partition()).setCommittedOffset(c.offset().offset())
                            .setMetadata(c.offset().metadata()).setErrorCode(c.error().code())));
                });
            }
            return CompletableFuture.completedFuture(response);
        }
        Map<String, List<Integer>> wanted = null;
        if (data.topics() != null) {
            wanted = new LinkedHashMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : data.topics()) {
                wanted.put(t.name(), t.partitionIndexes());
            }
        }
        boolean groupDenied = !mayDescribeGroup(principal, data.groupId());
        if (groupDenied && version >= 2) {
            return CompletableFuture.completedFuture(response.setErrorCode(Errors.GROUP_AUTHORIZATION_FAILED.code()));
        }
        // v1 has no group-level error: each requested partition carries it
        lookUp(data.groupId(), groupDenied ? (wanted == null ? Map.of() : wanted) : wanted, principal).forEach((topic, partitions) -> {
            OffsetFetchResponseData.OffsetFetchResponseTopic tr = new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(topic);
            response.topics().add(tr);
            partitions.forEach(c -> tr.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(c.offset().partition()).setCommittedOffset(groupDenied ? -1 : c.offset().offset())
                    .setMetadata(groupDenied ? "" : c.offset().metadata())
                    .setErrorCode((groupDenied ? Errors.GROUP_AUTHORIZATION_FAILED : c.error()).code())));
        });
        return CompletableFuture.completedFuture(response);
    }

    /** OffsetFetch needs DESCRIBE on the group, as in Kafka. */
    private boolean mayDescribeGroup(Principal principal, String group) {
        return authorizer.allows(principal, AclOperation.DESCRIBE, ResourceType.GROUP, group == null ? "" : group);
    }

    /** A partition's committed offset, or the error that hides it. */
    private record Answer(Storage.CommittedOffset offset, Errors error) {
    }

    /**
     * Committed offsets by topic: the requested partitions (offset -1 when none), or every stored one when wanted is
     * null. Topics the principal may not DESCRIBE are left out of "all", and answer TOPIC_AUTHORIZATION_FAILED when named.
     */
    private Map<String, List<Answer>> lookUp(String group, Map<String, List<Integer>> wanted, Principal principal) {
        Map<String, List<Answer>> out = new LinkedHashMap<>();
        if (wanted == null) {
            for (Storage.CommittedOffset c : broker.committedOffsets(group)) {
                if (authorizer.allows(principal, AclOperation.DESCRIBE, ResourceType.TOPIC, c.topic())) {
                    out.computeIfAbsent(c.topic(), k -> new ArrayList<>()).add(new Answer(withMetadata(c), Errors.NONE));
                }
            }
            return out;
        }
        wanted.forEach((topic, partitions) -> {
            List<Answer> list = out.computeIfAbsent(topic, k -> new ArrayList<>());
            boolean mayDescribe = authorizer.allows(principal, AclOperation.DESCRIBE, ResourceType.TOPIC, topic);
            for (int p : partitions) {
                Storage.CommittedOffset none = new Storage.CommittedOffset(group, topic, p, -1, "", -1);
                list.add(!mayDescribe ? new Answer(none, Errors.TOPIC_AUTHORIZATION_FAILED)
                        : new Answer(broker.committed(group, new TopicPartition(topic, p)).map(OffsetHandlers::withMetadata)
                                .orElse(none), Errors.NONE));
            }
        });
        return out;
    }

    private static Storage.CommittedOffset withMetadata(Storage.CommittedOffset c) {
        return c.metadata() != null ? c
                : new Storage.CommittedOffset(c.group(), c.topic(), c.partition(), c.offset(), "", c.commitTime());
    }
}
