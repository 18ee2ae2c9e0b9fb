package io.kafkaclone.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.kafka.common.utils.Utils;

/**
 * Which live broker owns a key (a consumer group) and which one leads a partition, computed the same
 * way by every broker from the same registry: no election, no messages between brokers. Rendezvous
 * (highest random weight) hashing moves only the keys of a broker that leaves or joins.
 */
public final class Rendezvous {
    private Rendezvous() {
    }

    /** The node with the highest hash of (key, node id); nodes must not be empty. */
    public static ClusterNode owner(String key, List<ClusterNode> nodes) {
        ClusterNode best = null;
        long bestScore = Long.MIN_VALUE;
        for (ClusterNode n : nodes) {
            long score = Utils.toPositive(Utils.murmur2((key + '\u0000' + n.nodeId()).getBytes(StandardCharsets.UTF_8)));
            if (best == null || score > bestScore || (score == bestScore && n.nodeId() < best.nodeId())) {
                best = n;
                bestScore = score;
            }
        }
        return best;
    }

    /** Spreads a topic's partitions over the nodes (sorted by id) round robin, from a per-topic start. */
    public static ClusterNode leader(String topic, int partition, List<ClusterNode> nodesById) {
        int start = Utils.toPositive(Utils.murmur2(topic.getBytes(StandardCharsets.UTF_8)));
        return nodesById.get((int) ((start + (long) partition) % nodesById.size()));
    }
}
