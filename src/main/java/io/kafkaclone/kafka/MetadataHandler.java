package io.kafkaclone.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.TopicNames;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.Principal;
import io.kafkaclone.security.ResourceType;

/**
 * Metadata: every live broker, partition leadership spread over them (alone: this broker leads every partition);
 * unknown topics are created when auto-create is on and the client allows it.
 * As in Kafka, a listing of all topics leaves out those the principal may not DESCRIBE, a named topic it may not
 * DESCRIBE answers TOPIC_AUTHORIZATION_FAILED (whether or not it exists), and auto-creation needs CREATE.
 */
final class MetadataHandler implements ApiHandler {
    private final Broker broker;
    private final Blocking blocking;
    private final KafkaCluster cluster;
    private final Authorizer authorizer;

    MetadataHandler(Broker broker, Blocking blocking, KafkaCluster cluster, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.blocking = blocking;
        this.cluster = cluster;
    }

    @Override
    public CompletionStage<ApiMessage> handle(KafkaRequest request) {
        MetadataRequestData data = request.data();
        short version = request.version();
        if (data.topics() == null || (version == 0 && data.topics().isEmpty())) {
            List<MetadataResponseData.MetadataResponseTopic> topics = new ArrayList<>();
            broker.topics().stream().filter(t -> mayDescribe(request.principal(), t.name()))
                    .forEach(t -> topics.add(describe(t, version)));
            return CompletableFuture.completedFuture(response(topics, version));
        }
        Principal principal = request.principal();
        boolean mayCreate = broker.settings().autoCreateTopics() && (version < 4 || data.allowAutoTopicCreation());
        Map<MetadataRequestData.MetadataRequestTopic, String> toCreate = new LinkedHashMap<>();
        Map<String, Errors> failures = new LinkedHashMap<>();
        for (MetadataRequestData.MetadataRequestTopic t : data.topics()) {
            if (t.name() != null && broker.topic(t.name()).isEmpty() && mayCreate && TopicNames.isValid(t.name())
                    && mayDescribe(principal, t.name())) {
                if (authorizer.mayCreateTopic(principal, t.name())) {
                    toCreate.put(t, t.name());
                } else {
                    failures.put(t.name(), Errors.TOPIC_AUTHORIZATION_FAILED);
                }
            }
        }
        if (toCreate.isEmpty()) {
            return CompletableFuture.completedFuture(answer(data, version, failures, principal));
        }
        return blocking.run(() -> {
            for (String name : toCreate.values()) {
                try {
                    broker.topicForUse(name);
                } catch (BrokerException e) {
                    failures.put(name, KafkaErrors.of(e));
                }
            }
            return answer(data, version, failures, principal);
        });
    }

    private boolean mayDescribe(Principal principal, String topic) {
        return authorizer.allows(principal, AclOperation.DESCRIBE, ResourceType.TOPIC, topic);
    }

    private ApiMessage answer(MetadataRequestData data, short version, Map<String, Errors> creationFailures, Principal principal) {
        List<MetadataResponseData.MetadataResponseTopic> topics = new ArrayList<>();
        for (MetadataRequestData.MetadataRequestTopic requested : data.topics()) {
            if (requested.name() == null && version < 12) {
                // v10-11 requests may carry a null name but their responses cannot (found by ProtocolFuzzTest:
                // the response failed to serialise); Kafka refuses such a topic as an invalid request
                topics.add(failed("", requested.topicId(), Errors.INVALID_REQUEST));
                continue;
            }
            if (requested.name() == null) {
                TopicLog byId = Topics.byId(broker, requested.topicId());
                // topic ids are not secret (Kafka answers the same): a known id the principal may not describe is denied
                topics.add(byId == null ? failed(null, requested.topicId(), Errors.UNKNOWN_TOPIC_ID)
                        : mayDescribe(principal, byId.name()) ? describe(byId, version)
                                : failed(null, requested.topicId(), Errors.TOPIC_AUTHORIZATION_FAILED));
                continue;
            }
            String name = requested.name();
            if (!mayDescribe(principal, name)) {
                topics.add(failed(name, Uuid.ZERO_UUID, Errors.TOPIC_AUTHORIZATION_FAILED));
            } else if (!TopicNames.isValid(name)) {
                topics.add(failed(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION));
            } else if (creationFailures.containsKey(name)) {
                topics.add(failed(name, Uuid.ZERO_UUID, creationFailures.get(name)));
            } else {
                topics.add(broker.topic(name).map(t -> describe(t, version))
                        .orElseGet(() -> failed(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION)));
            }
        }
        return response(topics, version);
    }

    private MetadataResponseData response(List<MetadataResponseData.MetadataResponseTopic> topics, short version) {
        MetadataResponseData out = new MetadataResponseData();
        List<BrokerNode> brokers = cluster.brokers();
        for (BrokerNode b : brokers) {
            out.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(b.nodeId()).setHost(b.host()).setPort(b.port()));
        }
        if (version >= 2) {
            out.setClusterId(cluster.self().clusterId());
        }
        out.setControllerId(brokers.get(0).nodeId());
        topics.forEach(out.topics()::add);
        return out;
    }

    private MetadataResponseData.MetadataResponseTopic describe(TopicLog topic, short version) {
        List<MetadataResponseData.MetadataResponsePartition> partitions = new ArrayList<>();
        for (PartitionLog p : topic.partitions()) {
            int leader = cluster.leaderOf(topic.name(), p.partition()).nodeId();
            MetadataResponseData.MetadataResponsePartition mp = new MetadataResponseData.MetadataResponsePartition()
                    .setPartitionIndex(p.partition()).setLeaderId(leader).setReplicaNodes(List.of(leader))
                    .setIsrNodes(List.of(leader)).setOfflineReplicas(List.of());
            if (version >= 7) {
                mp.setLeaderEpoch(0);
            }
            partitions.add(mp);
        }
        MetadataResponseData.MetadataResponseTopic t = new MetadataResponseData.MetadataResponseTopic().setName(topic.name())
                .setPartitions(partitions);
        if (version >= 10) {
            t.setTopicId(Topics.uuid(topic));
        }
        return t;
    }

    private static MetadataResponseData.MetadataResponseTopic failed(String name, Uuid id, Errors error) {
        return new MetadataResponseData.MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code());
    }
}
