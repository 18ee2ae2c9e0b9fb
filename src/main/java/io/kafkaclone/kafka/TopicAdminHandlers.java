package io.kafkaclone.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.TopicConfigs;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.TopicNames;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/** CreateTopics and DeleteTopics (database work, so on a worker). One broker: replication factor 1 only. */
final class TopicAdminHandlers {
    private final Broker broker;
    private final Blocking blocking;
    private final Authorizer authorizer;

    TopicAdminHandlers(Broker broker, Blocking blocking, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.blocking = blocking;
    }

    CompletionStage<ApiMessage> createTopics(KafkaRequest request) {
        CreateTopicsRequestData data = request.data();
        short version = request.version();
        return blocking.run(() -> {
            CreateTopicsResponseData response = new CreateTopicsResponseData();
            for (CreateTopicsRequestData.CreatableTopic t : data.topics()) {
                CreateTopicsResponseData.CreatableTopicResult r = new CreateTopicsResponseData.CreatableTopicResult().setName(t.name());
                response.topics().add(r);
                int partitions = !t.assignments().isEmpty() ? t.assignments().size()
                        : t.numPartitions() < 0 ? broker.settings().defaultPartitions() : t.numPartitions();
                String problem = TopicNames.problem(t.name());
                Map<String, String> configs = new LinkedHashMap<>();
                t.configs().forEach(c -> configs.put(c.name(), c.value()));
                BrokerException badConfig = invalidConfig(configs);
                if (!authorizer.mayCreateTopic(request.principal(), t.name())) {
                    fail(r, Errors.TOPIC_AUTHORIZATION_FAILED, "not authorized to create topic '" + t.name() + "'");
                } else if (problem != null) {
                    fail(r, Errors.INVALID_TOPIC_EXCEPTION, problem);
                } else if (t.replicationFactor() > 1) {
                    fail(r, Errors.INVALID_REPLICATION_FACTOR, "replication factor " + t.replicationFactor()
                            + " is larger than the number of brokers (1)");
                } else if (badConfig != null) {
                    fail(r, Errors.INVALID_CONFIG, badConfig.getMessage());
                } else if (data.validateOnly()) {
                    if (broker.topic(t.name()).isPresent()) {
                        fail(r, Errors.TOPIC_ALREADY_EXISTS, "topic '" + t.name() + "' already exists");
                    } else if (partitions < 1) {
                        fail(r, Errors.INVALID_PARTITIONS, "partitions must be at least 1");
                    } else {
                        described(r, null, partitions, version);
                        if (version >= 5) {
                            r.setConfigs(ConfigHandlers.created(broker, null, TopicConfigs.validateAll(configs)));
                        }
                    }
                } else {
                    try {
                        TopicLog created = broker.createTopic(t.name(), partitions, configs);
                        described(r, created, partitions, version);
                        if (version >= 5) {
                            r.setConfigs(ConfigHandlers.created(broker, created, configs));
                        }
                    } catch (BrokerException e) {
                        fail(r, KafkaErrors.of(e), e.getMessage());
                    }
                }
            }
            return response;
        });
    }

    private static BrokerException invalidConfig(Map<String, String> configs) {
        try {
            TopicConfigs.validateAll(configs);
            return null;
        } catch (BrokerException e) {
            return e;
        }
    }

    private static void described(CreateTopicsResponseData.CreatableTopicResult r, TopicLog topic, int partitions, short version) {
        if (version >= 5) {
            r.setNumPartitions(partitions).setReplicationFactor((short) 1);
        }
        if (version >= 7 && topic != null) {
            r.setTopicId(Topics.uuid(topic));
        }
    }

    private static void fail(CreateTopicsResponseData.CreatableTopicResult r, Errors error, String message) {
        r.setErrorCode(error.code()).setErrorMessage(message);
    }

    CompletionStage<ApiMessage> deleteTopics(KafkaRequest request) {
        DeleteTopicsRequestData data = request.data();
        short version = request.version();
        return blocking.run(() -> {
            DeleteTopicsResponseData response = new DeleteTopicsResponseData();
            if (version >= 6) {
                for (DeleteTopicsRequestData.DeleteTopicState t : data.topics()) {
                    TopicLog topic = t.name() != null ? broker.topic(t.name()).orElse(null) : Topics.byId(broker, t.topicId());
                    DeleteTopicsResponseData.DeletableTopicResult r = new DeleteTopicsResponseData.DeletableTopicResult()
                            .setName(topic != null ? topic.name() : t.name()).setTopicId(t.topicId());
                    response.responses().add(r);
                    if (t.name() != null && !mayDelete(request, t.name())) {
                        denied(r, t.name(), version);
                    } else if (topic == null) {
                        r.setErrorCode((t.name() != null ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.UNKNOWN_TOPIC_ID).code());
                    } else if (!mayDelete(request, topic.name())) {
                        denied(r, topic.name(), version);
                    } else {
                        r.setTopicId(Topics.uuid(topic));
                        delete(topic.name(), r, version);
                    }
                }
            } else {
                for (String name : data.topicNames()) {
                    DeleteTopicsResponseData.DeletableTopicResult r = new DeleteTopicsResponseData.DeletableTopicResult().setName(name);
                    response.responses().add(r);
                    if (mayDelete(request, name)) {
                        delete(name, r, version);
                    } else {
                        denied(r, name, version);
                    }
                }
            }
            return response;
        });
    }

    /** Checked before existence (by name), as Kafka does, so a denied client cannot probe which topics exist. */
    private boolean mayDelete(KafkaRequest request, String topic) {
        return authorizer.allows(request.principal(), AclOperation.DELETE, ResourceType.TOPIC, topic);
    }

    private static void denied(DeleteTopicsResponseData.DeletableTopicResult r, String name, short version) {
        r.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code());
        if (version >= 5) {
            r.setErrorMessage("not authorized to delete topic '" + name + "'");
        }
    }

    private void delete(String name, DeleteTopicsResponseData.DeletableTopicResult r, short version) {
        try {
            broker.deleteTopic(name);
        } catch (BrokerException e) {
            r.setErrorCode(KafkaErrors.of(e).code());
            if (version >= 5) {
                r.setErrorMessage(e.getMessage());
            }
        }
    }
}
