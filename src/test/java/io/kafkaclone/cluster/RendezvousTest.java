package io.kafkaclone.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RendezvousTest {

    private static final List<ClusterNode> THREE = List.of(new ClusterNode(0, "a", 1), new ClusterNode(1, "b", 2),
            new ClusterNode(2, "c", 3));

    @Test
    void everyBrokerComputesTheSameOwnerWhateverTheOrderOfItsList() {
        List<ClusterNode> reversed = new ArrayList<>(THREE);
        java.util.Collections.reverse(reversed);
        for (int g = 0; g < 500; g++) {
            assertThat(Rendezvous.owner("group-" + g, reversed)).isEqualTo(Rendezvous.owner("group-" + g, THREE));
        }
    }

    @Test
    void groupsSpreadOverTheBrokersAndOnlyTheDeadOnesGroupsMove() {
        Map<Integer, Integer> perNode = new HashMap<>();
        List<ClusterNode> survivors = THREE.subList(0, 2);
        for (int g = 0; g < 3000; g++) {
            ClusterNode owner = Rendezvous.owner("group-" + g, THREE);
            perNode.merge(owner.nodeId(), 1, Integer::sum);
            ClusterNode after = Rendezvous.owner("group-" + g, survivors);
            if (owner.nodeId() != 2) {
                assertThat(after).as("group-%d was not on the dead broker", g).isEqualTo(owner);
            } else {
                assertThat(survivors).contains(after);
            }
        }
        assertThat(perNode).containsOnlyKeys(0, 1, 2);
        perNode.values().forEach(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void partitionLeadershipGoesRoundTheBrokers() {
        Map<Integer, Integer> perNode = new HashMap<>();
        for (int p = 0; p < 6; p++) {
            perNode.merge(Rendezvous.leader("orders", p, THREE).nodeId(), 1, Integer::sum);
        }
        assertThat(perNode).containsOnlyKeys(0, 1, 2).allSatisfy((node, n) -> assertThat(n).isEqualTo(2));
        assertThat(Rendezvous.leader("orders", 5, THREE.subList(0, 1))).isEqualTo(THREE.get(0));
    }
}
