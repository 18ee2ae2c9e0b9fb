package io.kafkaclone.kafka;

/** How clients reach this broker: what Metadata, FindCoordinator and DescribeCluster report. */
public record BrokerNode(int nodeId, String host, int port, String clusterId) {
}
