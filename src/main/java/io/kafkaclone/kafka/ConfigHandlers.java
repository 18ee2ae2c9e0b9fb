package io.kafkaclone.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.BrokerSettings;
import io.kafkaclone.core.RetentionSettings;
import io.kafkaclone.core.TopicConfigs;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/**
 * DescribeConfigs and IncrementalAlterConfigs. Topics: the settable configs (retention.ms,
 * retention.bytes, max.message.bytes) with their real values and sources (DYNAMIC_TOPIC_CONFIG when
 * set on the topic: TOPIC_CONFIG on the wire, DEFAULT_CONFIG otherwise), plus the fixed ones as read-only defaults. The broker
 * resource describes its static settings and cannot be altered.
 */
final class ConfigHandlers {
    private final Broker broker;
    private final BrokerNode node;
    private final Blocking blocking;
    private final Authorizer authorizer;

    ConfigHandlers(Broker broker, BrokerNode node, Blocking blocking, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.node = node;
        this.blocking = blocking;
    }

    private record Setting(String value, ConfigType type, ConfigSource source, boolean readOnly) {
    }

    CompletionStage<ApiMessage> describeConfigs(KafkaRequest request) {
        DescribeConfigsRequestData data = request.data();
        short version = request.version();
        return blocking.run(() -> {
            DescribeConfigsResponseData response = new DescribeConfigsResponseData();
            for (DescribeConfigsRequestData.DescribeConfigsResource resource : data.resources()) {
                DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
                        .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
                response.results().add(result);
                Map<String, Setting> settings;
                if (!mayOn(request, AclOperation.DESCRIBE_CONFIGS, resource.resourceType(), resource.resourceName())) {
                    denied(resource.resourceType(), "describe", resource.resourceName(), result::setErrorCode, result::setErrorMessage);
                    continue;
                }
                if (resource.resourceType() == ConfigResource.Type.TOPIC.id()) {
                    TopicLog topic = broker.topic(resource.resourceName()).orElse(null);
                    if (topic == null) {
                        result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                                .setErrorMessage("topic '" + resource.resourceName() + "' does not exist");
                        continue;
                    }
                    settings = topicSettings(topic);
                } else if (resource.resourceType() == ConfigResource.Type.BROKER.id()) {
                    if (!isThisBroker(resource.resourceName())) {
                        result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unknown broker " + resource.resourceName());
                        continue;
                    }
                    settings = brokerSettings(broker.settings(), broker.retentionSettings());
                } else if (resource.resourceType() == ConfigResource.Type.BROKER_LOGGER.id()) {
                    continue; // no loggers to describe
                } else {
                    result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unsupported resource type " + resource.resourceType());
                    continue;
                }
                settings.forEach((name, setting) -> {
                    if (resource.configurationKeys() != null && !resource.configurationKeys().contains(name)) {
                        return;
                    }
                    DescribeConfigsResponseData.DescribeConfigsResourceResult c = new DescribeConfigsResponseData.DescribeConfigsResourceResult()
                            .setName(name).setValue(setting.value()).setReadOnly(setting.readOnly())
                            .setConfigSource(setting.source().id()).setIsSensitive(false);
                    if (version >= 3) {
                        c.setConfigType(setting.type().id());
                    }
                    result.configs().add(c);
                });
            }
            return response;
        });
    }

    /** As in Kafka: topic configs need the operation on the topic, broker (and logger) configs on the cluster. */
    private boolean mayOn(KafkaRequest request, AclOperation operation, byte resourceType, String name) {
        if (resourceType == ConfigResource.Type.TOPIC.id()) {
            return authorizer.allows(request.principal(), operation, ResourceType.TOPIC, name);
        }
        if (resourceType == ConfigResource.Type.BROKER.id() || resourceType == ConfigResource.Type.BROKER_LOGGER.id()) {
            return authorizer.allows(request.principal(), operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME);
        }
        return true; // other types are refused as unsupported further on
    }

    private static void denied(byte resourceType, String verb, String name, java.util.function.Consumer<Short> code,
            java.util.function.Consumer<String> message) {
        boolean topic = resourceType == ConfigResource.Type.TOPIC.id();
        code.accept((topic ? Errors.TOPIC_AUTHORIZATION_FAILED : Errors.CLUSTER_AUTHORIZATION_FAILED).code());
        message.accept("not authorized to " + verb + " the configs of " + (topic ? "topic '" + name + "'" : "the broker"));
    }

    private boolean isThisBroker(String name) {
        return name.isEmpty() || name.equals(Integer.toString(node.nodeId()));
    }

    private Map<String, Setting> topicSettings(TopicLog topic) {
        Map<String, Setting> m = new LinkedHashMap<>();
        for (TopicConfigs.Value v : broker.topicConfigs().describe(topic)) {
            m.put(v.name(), setting(v));
        }
        return m;
    }

    private static Setting setting(TopicConfigs.Value v) {
        ConfigType type = switch (v.name()) {
            case TopicConfigs.RETENTION_MS, TopicConfigs.RETENTION_BYTES -> ConfigType.LONG;
            case TopicConfigs.MAX_MESSAGE_BYTES, "min.insync.replicas" -> ConfigType.INT;
            case "cleanup.policy" -> ConfigType.LIST;
            default -> ConfigType.STRING;
        };
        ConfigSource source = v.source() == TopicConfigs.Source.TOPIC ? ConfigSource.TOPIC_CONFIG : ConfigSource.DEFAULT_CONFIG;
        return new Setting(v.value(), type, source, v.source() == TopicConfigs.Source.FIXED);
    }

    private static Map<String, Setting> brokerSettings(BrokerSettings s, RetentionSettings r) {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("auto.create.topics.enable", fixed(Boolean.toString(s.autoCreateTopics()), ConfigType.BOOLEAN));
        m.put("default.replication.factor", fixed("1", ConfigType.INT));
        m.put("log.retention.bytes", fixed(Long.toString(r.retentionBytes()), ConfigType.LONG));
        m.put("log.retention.ms", fixed(Long.toString(r.retentionMs()), ConfigType.LONG));
        m.put("message.max.bytes", fixed(Integer.toString(s.maxMessageBytes()), ConfigType.INT));
        m.put("num.partitions", fixed(Integer.toString(s.defaultPartitions()), ConfigType.INT));
        m.put("offsets.topic.replication.factor", fixed("1", ConfigType.SHORT));
        return m;
    }

    private static Setting fixed(String value, ConfigType type) {
        return new Setting(value, type, ConfigSource.STATIC_BROKER_CONFIG, true);
    }

    /** The configs a CreateTopics v5+ response reports for a topic it created (or would create). */
    static List<CreateTopicsResponseData.CreatableTopicConfigs> created(Broker broker, TopicLog topic, Map<String, String> asked) {
        List<CreateTopicsResponseData.CreatableTopicConfigs> out = new java.util.ArrayList<>();
        if (topic != null) {
            for (TopicConfigs.Value v : broker.topicConfigs().describe(topic)) {
                out.add(toCreated(setting(v), v.name()));
            }
            return out;
        }
        for (String name : TopicConfigs.SETTABLE) { // validate-only: what the topic would get
            String value = asked.containsKey(name) ? asked.get(name) : broker.topicConfigs().defaultValue(name);
            TopicConfigs.Source source = asked.containsKey(name) ? TopicConfigs.Source.TOPIC : TopicConfigs.Source.DEFAULT;
            out.add(toCreated(setting(new TopicConfigs.Value(name, value, source)), name));
        }
        return out;
    }

    private static CreateTopicsResponseData.CreatableTopicConfigs toCreated(Setting s, String name) {
        return new CreateTopicsResponseData.CreatableTopicConfigs().setName(name).setValue(s.value()).setReadOnly(s.readOnly())
                .setConfigSource(s.source().id()).setIsSensitive(false);
    }

    CompletionStage<ApiMessage> incrementalAlterConfigs(KafkaRequest request) {
        IncrementalAlterConfigsRequestData data = request.data();
        return blocking.run(() -> {
            IncrementalAlterConfigsResponseData response = new IncrementalAlterConfigsResponseData();
            for (IncrementalAlterConfigsRequestData.AlterConfigsResource resource : data.resources()) {
                IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse r = new IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse()
                        .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
                response.responses().add(r);
                if (!mayOn(request, AclOperation.ALTER_CONFIGS, resource.resourceType(), resource.resourceName())) {
                    denied(resource.resourceType(), "alter", resource.resourceName(), r::setErrorCode, r::setErrorMessage);
                    continue;
                }
                if (resource.resourceType() == ConfigResource.Type.BROKER.id()
                        || resource.resourceType() == ConfigResource.Type.BROKER_LOGGER.id()) {
                    r.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(
                            "broker configs are static on this broker: set kafka-clone.* in its configuration and restart");
                    continue;
                }
                if (resource.resourceType() != ConfigResource.Type.TOPIC.id()) {
                    r.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unsupported resource type " + resource.resourceType());
                    continue;
                }
                TopicLog topic = broker.topic(resource.resourceName()).orElse(null);
                if (topic == null) {
                    r.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setErrorMessage("topic '" + resource.resourceName() + "' does not exist");
                    continue;
                }
                try {
                    broker.topicConfigs().alter(topic, changes(resource), data.validateOnly());
                } catch (BrokerException e) {
                    r.setErrorCode(KafkaErrors.of(e).code()).setErrorMessage(e.getMessage());
                }
            }
            return response;
        });
    }

    /** SET and DELETE as name to value (null removes the override); APPEND/SUBTRACT only apply to list configs, which none settable is. */
    private static Map<String, String> changes(IncrementalAlterConfigsRequestData.AlterConfigsResource resource) {
        Map<String, String> changes = new LinkedHashMap<>();
        for (IncrementalAlterConfigsRequestData.AlterableConfig c : resource.configs()) {
            AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(c.configOperation());
            if (op == AlterConfigOp.OpType.SET) {
                changes.put(c.name(), c.value());
            } else if (op == AlterConfigOp.OpType.DELETE) {
                changes.put(c.name(), null);
            } else {
                throw new BrokerException(io.kafkaclone.core.ErrorCode.INVALID_CONFIG,
                        "operation " + (op == null ? Byte.toString(c.configOperation()) : op.name()) + " is not allowed for config '"
                                + c.name() + "' (not a list)");
            }
        }
        return changes;
    }
}
