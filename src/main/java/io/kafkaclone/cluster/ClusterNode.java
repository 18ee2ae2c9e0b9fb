package io.kafkaclone.cluster;

/** A live broker as clients reach it: its node id and advertised Kafka address. */
public record ClusterNode(int nodeId, String host, int port) {
}
