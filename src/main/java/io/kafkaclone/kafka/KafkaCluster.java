package io.kafkaclone.kafka;

import java.util.List;

import io.kafkaclone.cluster.ClusterMembership;
import io.kafkaclone.cluster.ClusterNode;

/**
 * The brokers Kafka clients are told about. Alone (the default), this broker is the whole cluster:
 * it leads every partition and coordinates every group. In cluster mode the live brokers of the
 * registry share partition leadership, and each group has one coordinator among them.
 */
final class KafkaCluster {
    private final BrokerNode self;
    private final ClusterMembership membership;

    /** @param membership the registry in cluster mode, else null */
    KafkaCluster(BrokerNode self, ClusterMembership membership) {
        this.self = self;
        this.membership = membership;
    }

    BrokerNode self() {
        return self;
    }

    List<BrokerNode> brokers() {
        return membership == null ? List.of(self) : membership.liveNodes().stream().map(this::node).toList();
    }

    BrokerNode leaderOf(String topic, int partition) {
        return membership == null ? self : node(membership.leaderOf(topic, partition));
    }

    BrokerNode coordinatorOf(String groupId) {
        return membership == null ? self : node(membership.coordinatorOf(groupId));
    }

    /** Whether this broker coordinates the group; others answer NOT_COORDINATOR so the client looks it up again. */
    boolean coordinates(String groupId) {
        return membership == null || groupId == null || membership.coordinates(groupId);
    }

    /** Whether other brokers append to the same partitions (a reader past the known end must look at the database). */
    boolean shared() {
        return membership != null;
    }

    private BrokerNode node(ClusterNode n) {
        return n.nodeId() == self.nodeId() ? self : new BrokerNode(n.nodeId(), n.host(), n.port(), self.clusterId());
    }
}
