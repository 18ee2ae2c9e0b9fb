package io.kafkaclone.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.kafkaclone.core.Broker;

/** DescribeCluster: one broker (configs are {@link ConfigHandlers}). */
final class ClusterHandlers {
    private final Broker broker;
    private final BrokerNode node;

    ClusterHandlers(Broker broker, BrokerNode node) {
        this.broker = broker;
        this.node = node;
    }

    CompletionStage<ApiMessage> describeCluster(KafkaRequest request) {
        DescribeClusterResponseData response = new DescribeClusterResponseData().setClusterId(node.clusterId())
                .setControllerId(node.nodeId());
        response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(node.nodeId())
                .setHost(node.host()).setPort(node.port()));
        return CompletableFuture.completedFuture(response);
    }
}
