package io.kafkaclone.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigType;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerSettings;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.ResourceType;

/**
 * DescribeCluster and DescribeConfigs: one broker, and the handful of read-only settings admin
 * tools look at (what this broker actually does, not Kafka's full catalogue).
 */
final class ClusterHandlers {
    private final Broker broker;
    private final BrokerNode node;
    private final Authorizer authorizer;

    ClusterHandlers(Broker broker, BrokerNode node, Authorizer authorizer) {
        this.authorizer = authorizer;
        this.broker = broker;
        this.node = node;
    }

    private record Setting(String value, ConfigType type) {
    }

    CompletionStage<ApiMessage> describeCluster(KafkaRequest request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData().setClusterId(node.clusterId())
                .setControllerId(node.nodeId());
        response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(node.nodeId())
                .setHost(node.host()).setPort(node.port()));
        return CompletableFuture.completedFuture(response);
    }

    CompletionStage<ApiMessage> describeConfigs(KafkaRequest request) {
        DescribeConfigsRequestData data = request.data();
        short version = request.version();
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : data.resources()) {
            DescribeConfigsResponseData.DescribeConfigsResult result = new DescribeConfigsResponseData.DescribeConfigsResult()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            response.results().add(result);
            Map<String, Setting> settings;
            ConfigSource source;
            if (resource.resourceType() == ConfigResource.Type.TOPIC.id()) {
                if (!authorizer.allows(request.principal(), AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC, resource.resourceName())) {
                    result.setErrorCode(Errors.TOPIC_AUTHORIZATION_FAILED.code())
                            .setErrorMessage("not authorized to describe the configs of topic '" + resource.resourceName() + "'");
                    continue;
                }
                if (broker.topic(resource.resourceName()).isEmpty()) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                            .setErrorMessage("topic '" + resource.resourceName() + "' does not exist");
                    continue;
                }
                settings = topicSettings(broker.settings());
                source = ConfigSource.DEFAULT_CONFIG;
            } else if ((resource.resourceType() == ConfigResource.Type.BROKER.id()
                    || resource.resourceType() == ConfigResource.Type.BROKER_LOGGER.id())
                    && !authorizer.allows(request.principal(), AclOperation.DESCRIBE_CONFIGS, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME)) {
                result.setErrorCode(Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                        .setErrorMessage("not authorized to describe the broker's configs");
                continue;
            } else if (resource.resourceType() == ConfigResource.Type.BROKER.id()) {
                if (!resource.resourceName().isEmpty() && !resource.resourceName().equals(Integer.toString(node.nodeId()))) {
                    result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("unknown broker " + resource.resourceName());
                    continue;
                }
                settings = brokerSettings(broker.settings());
                source = ConfigSource.STATIC_BROKER_CONFIG;
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
                        .setName(name).setValue(setting.value()).setReadOnly(true).setConfigSource(source.id()).setIsSensitive(false);
                if (version >= 3) {
                    c.setConfigType(setting.type().id());
                }
                result.configs().add(c);
            });
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Map<String, Setting> topicSettings(BrokerSettings s) {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("cleanup.policy", new Setting("delete", ConfigType.LIST));
        m.put("compression.type", new Setting("producer", ConfigType.STRING));
        m.put("max.message.bytes", new Setting(Integer.toString(s.maxMessageBytes()), ConfigType.INT));
        m.put("message.timestamp.type", new Setting("CreateTime", ConfigType.STRING));
        m.put("min.insync.replicas", new Setting("1", ConfigType.INT));
        m.put("retention.bytes", new Setting("-1", ConfigType.LONG));
        m.put("retention.ms", new Setting("-1", ConfigType.LONG));
        return m;
    }

    private static Map<String, Setting> brokerSettings(BrokerSettings s) {
        Map<String, Setting> m = new LinkedHashMap<>();
        m.put("auto.create.topics.enable", new Setting(Boolean.toString(s.autoCreateTopics()), ConfigType.BOOLEAN));
        m.put("default.replication.factor", new Setting("1", ConfigType.INT));
        m.put("log.retention.ms", new Setting("-1", ConfigType.LONG));
        m.put("message.max.bytes", new Setting(Integer.toString(s.maxMessageBytes()), ConfigType.INT));
        m.put("num.partitions", new Setting(Integer.toString(s.defaultPartitions()), ConfigType.INT));
        m.put("offsets.topic.replication.factor", new Setting("1", ConfigType.SHORT));
        return m;
    }
}
