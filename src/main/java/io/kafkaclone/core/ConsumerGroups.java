package io.kafkaclone.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Membership of broker-managed consumer groups (the line protocol's consumers): members of one
 * group that consume the same topic share its partitions, range-assigned in join order, and are
 * re-assigned whenever one joins or leaves. Committed offsets live in the {@link Broker}.
 */
public final class ConsumerGroups {

    /** Told the complete set of partitions a member owns after every rebalance; must only hand off work. */
    public interface AssignmentListener {
        void assigned(Set<Integer> partitions);
    }

    /** A live member; {@link #leave()} gives its partitions to the others. */
    public final class Member {
        private final String group;
        private final String topic;
        private final String memberId;
        private final String clientInfo;
        private final int partitionCount;
        private final AssignmentListener listener;
        private volatile Set<Integer> assignment = Set.of();

        private Member(String group, TopicLog topic, String memberId, String clientInfo, AssignmentListener listener) {
            this.group = group;
            this.topic = topic.name();
            this.partitionCount = topic.partitionCount();
            this.memberId = memberId;
            this.clientInfo = clientInfo;
            this.listener = listener;
        }

        public String group() {
            return group;
        }

        public String topic() {
            return topic;
        }

        public String memberId() {
            return memberId;
        }

        public String clientInfo() {
            return clientInfo;
        }

        public Set<Integer> assignment() {
            return assignment;
        }

        public void leave() {
            ConsumerGroups.this.leave(this);
        }
    }

    /** A read-only view of a member for inspection. */
    public record MemberView(String memberId, String clientInfo, String topic, Set<Integer> partitions) {
    }

    private final Map<String, Map<String, List<Member>>> groups = new HashMap<>();
    private final AtomicLong memberSeq = new AtomicLong();
    /** Cluster mode: "-n<node id>-", making member ids unique across brokers; empty when alone. */
    private volatile String nodeTag = "";
    /**
     * Cluster mode: every member of each (group, topic) on any broker, in the order every broker
     * read from the shared membership table; null when alone (members are ordered by joining).
     */
    private Map<List<String>, List<String>> clusterOrder;

    /** Cluster mode: member ids carry the node id, and assignments follow {@link #clusterMembers}. */
    public void joinCluster(int nodeId) {
        synchronized (groups) {
            nodeTag = "-n" + nodeId + "-";
            clusterOrder = Map.of();
        }
    }

    /** This broker's members as (group, topic, member id), for the shared membership table. */
    public List<List<String>> localMembers() {
        synchronized (groups) {
            List<List<String>> out = new ArrayList<>();
            groups.forEach((group, byTopic) -> byTopic.forEach((topic, ms) -> ms.forEach(m -> out.add(List.of(group, topic, m.memberId)))));
            return out;
        }
    }

    /**
     * Cluster mode: the members of every (group, topic) across all brokers, keyed by List.of(group, topic),
     * each list in the shared order. Members here are then range-assigned over all of them, so members of
     * one line group on different brokers split its partitions the way every broker computes it.
     */
    public void clusterMembers(Map<List<String>, List<String>> all) {
        synchronized (groups) {
            if (clusterOrder == null) {
                return;
            }
            Map<List<String>, List<String>> before = clusterOrder;
            clusterOrder = Map.copyOf(all);
            groups.forEach((group, byTopic) -> byTopic.forEach((topic, ms) -> {
                List<String> key = List.of(group, topic);
                if (!ms.isEmpty() && !java.util.Objects.equals(before.get(key), clusterOrder.get(key))) {
                    rebalance(group, topic, ms.get(0).partitionCount);
                }
            }));
        }
    }

    public Member join(String group, TopicLog topic, String clientInfo, AssignmentListener listener) {
        Member m = new Member(group, topic, group + nodeTag + memberSeq.incrementAndGet(), clientInfo, listener);
        synchronized (groups) {
            groups.computeIfAbsent(group, g -> new LinkedHashMap<>()).computeIfAbsent(topic.name(), t -> new ArrayList<>()).add(m);
            rebalance(group, topic.name(), topic.partitionCount());
        }
        return m;
    }

    private void leave(Member m) {
        synchronized (groups) {
            Map<String, List<Member>> byTopic = groups.get(m.group);
            if (byTopic == null) {
                return;
            }
            List<Member> members = byTopic.get(m.topic);
            if (members == null || !members.remove(m)) {
                return;
            }
            m.assignment = Set.of();
            if (members.isEmpty()) {
                byTopic.remove(m.topic);
                if (byTopic.isEmpty()) {
                    groups.remove(m.group);
                }
                return;
            }
            rebalance(m.group, m.topic, m.partitionCount);
        }
    }

    private void rebalance(String group, String topic, int partitionCount) {
        List<Member> local = groups.get(group).get(topic);
        List<String> order = memberOrder(group, topic, local);
        int n = order.size();
        for (Member m : local) {
            int i = order.indexOf(m.memberId);
            Set<Integer> mine = new TreeSet<>();
            // range assignment: the first (partitions % n) members get one extra partition
            int per = partitionCount / n;
            int extra = partitionCount % n;
            int start = i * per + Math.min(i, extra);
            int count = per + (i < extra ? 1 : 0);
            for (int p = start; p < start + count; p++) {
                mine.add(p);
            }
            if (!mine.equals(m.assignment)) {
                m.assignment = Set.copyOf(mine);
                m.listener.assigned(m.assignment);
            }
        }
    }

    /**
     * Alone: the members here in joining order. In cluster mode: the shared order of the last read of the
     * membership table, less the members of this broker that left since, plus those that joined since.
     */
    private List<String> memberOrder(String group, String topic, List<Member> local) {
        List<String> order = new ArrayList<>();
        Set<String> localIds = new java.util.LinkedHashSet<>();
        local.forEach(m -> localIds.add(m.memberId));
        if (clusterOrder != null) {
            String mine = group + nodeTag;
            for (String id : clusterOrder.getOrDefault(List.of(group, topic), List.of())) {
                if (localIds.contains(id) || !id.startsWith(mine)) {
                    order.add(id);
                }
            }
        }
        for (String id : localIds) {
            if (!order.contains(id)) {
                order.add(id);
            }
        }
        return order;
    }

    /** Names of groups with live broker-managed members. */
    public Set<String> activeGroups() {
        synchronized (groups) {
            return Set.copyOf(groups.keySet());
        }
    }

    public List<MemberView> members(String group) {
        synchronized (groups) {
            List<MemberView> out = new ArrayList<>();
            Map<String, List<Member>> byTopic = groups.getOrDefault(group, Map.of());
            for (Collection<Member> ms : byTopic.values()) {
                for (Member m : ms) {
                    out.add(new MemberView(m.memberId, m.clientInfo, m.topic, m.assignment));
                }
            }
            return out;
        }
    }
}
