package io.kafkaclone.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiMessage;

import io.kafkaclone.core.Broker;

/** DescribeCluster: one broker (configs are {@link ConfigHandlers}). */
final class ClusterHandlers {
    private final Broker broker;
    private final KafkaCluster cluster;
    private final BrokerNode node;

    ClusterHandlers(Broker broker, KafkaCluster cluster) {
        this.broker = broker;
        this.cluster = cluster;
        this.node = cluster.self();
    }

    CompletionStage<ApiMessage> describeCluster(KafkaRequest request) {
        java.util.List<BrokerNode> brokers = cluster.brokers();
        DescribeClusterResponseData response = new DescribeClusterResponseData().setClusterId(node.clusterId())
                .setControllerId(brokers.get(0).nodeId());
        for (BrokerNode b : brokers) {
            response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(b.nodeId())
                    .setHost(b.host()).setPort(b.port()));
        }
        return CompletableFuture.completedFuture(response);
    }
}
