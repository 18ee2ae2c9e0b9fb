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

    OffsetHandlers(Broker broker, ClassicGroupCoordinator coordinator, KafkaCluster cluster) {
        this.broker = broker;
        this.coordinator = coordinator;
        this.cluster = cluster;
    }

    CompletionStage<ApiMessage> offsetCommit(KafkaRequest request) {
        OffsetCommitRequestData data = request.data();
        if (!cluster.coordinates(data.groupId())) {
            // the generation check needs the group's membership, which only its coordinator holds
            return commit(data, GroupError.NOT_COORDINATOR);
        }
        return coordinator.validateCommit(data.groupId(), data.memberId(), data.generationIdOrMemberEpoch())
                .thenCompose(check -> commit(data, check));
    }

    private CompletionStage<ApiMessage> commit(OffsetCommitRequestData data, GroupError check) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic t : data.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic tr = new OffsetCommitResponseData.OffsetCommitResponseTopic()
                    .setName(t.name());
            response.topics().add(tr);
            Optional<TopicLog> topic = Optional.ofNullable(t.name()).flatMap(broker::topic);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : t.partitions()) {
                OffsetCommitResponseData.OffsetCommitResponsePartition pr = new OffsetCommitResponseData.OffsetCommitResponsePartition()
                        .setPartitionIndex(p.partitionIndex());
                tr.partitions().add(pr);
                Errors error = check != GroupError.NONE ? KafkaErrors.of(check)
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
                lookUp(g.groupId(), wanted).forEach((topic, partitions) -> {
                    OffsetFetchResponseData.OffsetFetchResponseTopics tr = new OffsetFetchResponseData.OffsetFetchResponseTopics()
                            .setName(topic);
                    gr.topics().add(tr);
                    partitions.forEach(c -> tr.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                            .setPartitionIndex(c.partition()).setCommittedOffset(c.offset()).setMetadata(c.metadata())));
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
        lookUp(data.groupId(), wanted).forEach((topic, partitions) -> {
            OffsetFetchResponseData.OffsetFetchResponseTopic tr = new OffsetFetchResponseData.OffsetFetchResponseTopic().setName(topic);
            response.topics().add(tr);
            partitions.forEach(c -> tr.partitions().add(new OffsetFetchResponseData.OffsetFetchResponsePartition()
                    .setPartitionIndex(c.partition()).setCommittedOffset(c.offset()).setMetadata(c.metadata())));
        });
        return CompletableFuture.completedFuture(response);
    }

    /** Committed offsets by topic: the requested partitions (offset -1 when none), or every stored one when wanted is null. */
    private Map<String, List<Storage.CommittedOffset>> lookUp(String group, Map<String, List<Integer>> wanted) {
        Map<String, List<Storage.CommittedOffset>> out = new LinkedHashMap<>();
        if (wanted == null) {
            for (Storage.CommittedOffset c : broker.committedOffsets(group)) {
                out.computeIfAbsent(c.topic(), k -> new ArrayList<>()).add(withMetadata(c));
            }
            return out;
        }
        wanted.forEach((topic, partitions) -> {
            List<Storage.CommittedOffset> list = out.computeIfAbsent(topic, k -> new ArrayList<>());
            for (int p : partitions) {
                list.add(broker.committed(group, new TopicPartition(topic, p)).map(OffsetHandlers::withMetadata)
                        .orElse(new Storage.CommittedOffset(group, topic, p, -1, "", -1)));
            }
        });
        return out;
    }

    private static Storage.CommittedOffset withMetadata(Storage.CommittedOffset c) {
        return c.metadata() != null ? c
                : new Storage.CommittedOffset(c.group(), c.topic(), c.partition(), c.offset(), "", c.commitTime());
    }
}
