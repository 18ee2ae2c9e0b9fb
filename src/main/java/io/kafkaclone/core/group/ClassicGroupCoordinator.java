package io.kafkaclone.core.group;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The classic (join/sync/heartbeat) group membership protocol as a state machine: members join,
 * the group waits until every known member rejoined (or the rebalance timeout passed), elects a
 * leader, lets the leader's assignment reach everybody, and starts over when a member joins,
 * leaves or stops heartbeating. Protocol metadata and assignments are opaque bytes, so this knows
 * nothing of any wire protocol.
 * <p>
 * Every operation runs on one dedicated thread (timers too), so the state needs no locks; results
 * are futures completed on that thread, and callers must only hand off work from them.
 * Membership lives in memory: after a restart members rejoin (their next heartbeat or commit gets
 * UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION). Committed offsets are stored by the Broker, not here.
 */
public final class ClassicGroupCoordinator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClassicGroupCoordinator.class.getName());
    static final int MIN_SESSION_TIMEOUT_MS = 100;
    static final int MAX_SESSION_TIMEOUT_MS = 30 * 60 * 1000;

    private final ScheduledExecutorService thread;
    private final long initialRebalanceDelayMs;
    private final Map<String, Group> groups = new HashMap<>();
    private volatile boolean closed;

    /** @param initialRebalanceDelayMs how long a new group waits for more members before its first generation */
    public ClassicGroupCoordinator(long initialRebalanceDelayMs) {
        this.initialRebalanceDelayMs = initialRebalanceDelayMs;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "group-coordinator");
            t.setDaemon(true);
            return t;
        });
    }

    // ------------------------------------------------------------------ state

    private static final class Member {
        final String id;
        final String groupInstanceId;
        final String clientId;
        final String clientHost;
        int sessionTimeoutMs;
        int rebalanceTimeoutMs;
        LinkedHashMap<String, byte[]> protocols;
        byte[] assignment = new byte[0];
        CompletableFuture<JoinResult> awaitingJoin;
        CompletableFuture<SyncResult> awaitingSync;
        ScheduledFuture<?> sessionTimer;

        Member(String id, JoinRequest r) {
            this.id = id;
            this.groupInstanceId = r.groupInstanceId();
            this.clientId = r.clientId();
            this.clientHost = r.clientHost();
            update(r);
        }

        void update(JoinRequest r) {
            this.sessionTimeoutMs = r.sessionTimeoutMs();
            this.rebalanceTimeoutMs = r.rebalanceTimeoutMs() > 0 ? r.rebalanceTimeoutMs() : r.sessionTimeoutMs();
            this.protocols = r.protocols();
        }

        boolean sameProtocols(LinkedHashMap<String, byte[]> other) {
            if (!protocols.keySet().equals(other.keySet())) {
                return false;
            }
            for (Map.Entry<String, byte[]> e : protocols.entrySet()) {
                if (!Arrays.equals(e.getValue(), other.get(e.getKey()))) {
                    return false;
                }
            }
            return new ArrayList<>(protocols.keySet()).equals(new ArrayList<>(other.keySet()));
        }
    }

    private static final class Group {
        final String id;
        GroupState state = GroupState.EMPTY;
        int generation;
        String protocolType;
        String protocolName;
        String leaderId;
        final LinkedHashMap<String, Member> members = new LinkedHashMap<>();
        final Map<String, ScheduledFuture<?>> pendingMembers = new HashMap<>();
        ScheduledFuture<?> rebalanceTimer;

        Group(String id) {
            this.id = id;
        }
    }

    // ------------------------------------------------------------------ operations

    public CompletableFuture<JoinResult> join(JoinRequest r) {
        return call(() -> {
            CompletableFuture<JoinResult> result = new CompletableFuture<>();
            doJoin(r, result);
            return result;
        }).thenCompose(f -> f);
    }

    /** @param assignments member id to assignment; only the leader's are used */
    public CompletableFuture<SyncResult> sync(String groupId, String memberId, int generationId, String protocolType,
            String protocolName, Map<String, byte[]> assignments) {
        return call(() -> {
            CompletableFuture<SyncResult> result = new CompletableFuture<>();
            doSync(groupId, memberId, generationId, protocolType, protocolName, assignments, result);
            return result;
        }).thenCompose(f -> f);
    }

    public CompletableFuture<GroupError> heartbeat(String groupId, String memberId, int generationId) {
        return call(() -> {
            Group g = groups.get(groupId);
            Member m = g == null ? null : g.members.get(memberId);
            if (m == null) {
                return GroupError.UNKNOWN_MEMBER_ID;
            }
            if (generationId != g.generation) {
                return GroupError.ILLEGAL_GENERATION;
            }
            scheduleSessionTimeout(g, m);
            return g.state == GroupState.PREPARING_REBALANCE ? GroupError.REBALANCE_IN_PROGRESS : GroupError.NONE;
        });
    }

    /** Removes members; the result has one error per member id, in order. */
    public CompletableFuture<List<GroupError>> leave(String groupId, List<String> memberIds) {
        return call(() -> {
            Group g = groups.get(groupId);
            List<GroupError> out = new ArrayList<>();
            for (String memberId : memberIds) {
                if (g == null) {
                    out.add(GroupError.UNKNOWN_MEMBER_ID);
                } else if (g.pendingMembers.containsKey(memberId)) {
                    g.pendingMembers.remove(memberId).cancel(false);
                    checkJoinComplete(g);
                    out.add(GroupError.NONE);
                } else if (g.members.containsKey(memberId)) {
                    removeMember(g, g.members.get(memberId), "left the group");
                    out.add(GroupError.NONE);
                } else {
                    out.add(GroupError.UNKNOWN_MEMBER_ID);
                }
            }
            return out;
        });
    }

    /**
     * Whether an offset commit by this member and generation may proceed. A commit with generation
     * below 0 and no member id is a stand-alone commit (admin tools, manual assignment) and is
     * allowed while no member of the group's current generation is running. A successful check
     * counts as a heartbeat.
     */
    public CompletableFuture<GroupError> validateCommit(String groupId, String memberId, int generationId) {
        return call(() -> {
            Group g = groups.get(groupId);
            boolean standalone = generationId < 0 && (memberId == null || memberId.isEmpty());
            if (standalone) {
                return g == null || g.members.isEmpty() ? GroupError.NONE : GroupError.UNKNOWN_MEMBER_ID;
            }
            Member m = g == null ? null : g.members.get(memberId);
            if (m == null) {
                return g == null && generationId >= 0 ? GroupError.ILLEGAL_GENERATION : GroupError.UNKNOWN_MEMBER_ID;
            }
            if (generationId != g.generation) {
                return GroupError.ILLEGAL_GENERATION;
            }
            if (g.state == GroupState.PREPARING_REBALANCE) {
                return GroupError.REBALANCE_IN_PROGRESS;
            }
            scheduleSessionTimeout(g, m);
            return GroupError.NONE;
        });
    }

    public CompletableFuture<Optional<GroupSnapshot>> describe(String groupId) {
        return call(() -> Optional.ofNullable(groups.get(groupId)).map(ClassicGroupCoordinator::snapshot));
    }

    public CompletableFuture<List<GroupSnapshot>> list() {
        return call(() -> groups.values().stream().map(ClassicGroupCoordinator::snapshot).toList());
    }

    /** Forgets an empty group; false when it still has members. Unknown groups count as deleted. */
    public CompletableFuture<Boolean> deleteIfEmpty(String groupId) {
        return call(() -> {
            Group g = groups.get(groupId);
            if (g != null && (!g.members.isEmpty() || !g.pendingMembers.isEmpty())) {
                return false;
            }
            groups.remove(groupId);
            return true;
        });
    }

    // ------------------------------------------------------------------ join

    private void doJoin(JoinRequest r, CompletableFuture<JoinResult> result) {
        String memberId = r.memberId() == null ? "" : r.memberId();
        if (r.sessionTimeoutMs() < MIN_SESSION_TIMEOUT_MS || r.sessionTimeoutMs() > MAX_SESSION_TIMEOUT_MS) {
            result.complete(JoinResult.failed(GroupError.INVALID_SESSION_TIMEOUT, memberId));
            return;
        }
        Group g = groups.computeIfAbsent(r.groupId(), Group::new);
        if (r.protocols().isEmpty() || !supportsGroupProtocols(g, r)) {
            result.complete(JoinResult.failed(GroupError.INCONSISTENT_GROUP_PROTOCOL, memberId));
            return;
        }
        if (memberId.isEmpty()) {
            String newId = (r.clientId() == null || r.clientId().isEmpty() ? "member" : r.clientId()) + "-" + UUID.randomUUID();
            if (r.groupInstanceId() != null) {
                // static membership (simplified): a restarted instance replaces its previous incarnation at once,
                // instead of the group waiting a whole rebalance timeout for a member that will never rejoin
                for (Member old : new ArrayList<>(g.members.values())) {
                    if (r.groupInstanceId().equals(old.groupInstanceId)) {
                        removeMember(g, old, "was replaced by a new incarnation of instance " + r.groupInstanceId());
                    }
                }
                addMemberAndRebalance(g, newId, r, result);
                return;
            }
            if (r.requireKnownMemberId()) {
                // KIP-394: hand out the id first, so a client that dies before rejoining leaves no ghost member
                g.pendingMembers.put(newId, schedule(() -> expirePending(g, newId), r.sessionTimeoutMs()));
                result.complete(JoinResult.failed(GroupError.MEMBER_ID_REQUIRED, newId));
                return;
            }
            addMemberAndRebalance(g, newId, r, result);
            return;
        }
        ScheduledFuture<?> pending = g.pendingMembers.remove(memberId);
        if (pending != null) {
            pending.cancel(false);
            addMemberAndRebalance(g, memberId, r, result);
            return;
        }
        Member m = g.members.get(memberId);
        if (m == null) {
            result.complete(JoinResult.failed(GroupError.UNKNOWN_MEMBER_ID, memberId));
            return;
        }
        switch (g.state) {
            case PREPARING_REBALANCE -> {
                m.update(r);
                awaitJoin(m, result);
                checkJoinComplete(g);
            }
            case COMPLETING_REBALANCE -> {
                if (m.sameProtocols(r.protocols())) {
                    // a rejoin whose JoinGroup response was lost: answer with the current generation
                    result.complete(joinResult(g, m));
                } else {
                    m.update(r);
                    awaitJoin(m, result);
                    prepareRebalance(g, "member " + memberId + " changed its protocols");
                }
            }
            case STABLE -> {
                if (memberId.equals(g.leaderId) || !m.sameProtocols(r.protocols())) {
                    m.update(r);
                    awaitJoin(m, result);
                    prepareRebalance(g, "leader or changed member " + memberId + " rejoined");
                } else {
                    scheduleSessionTimeout(g, m);
                    result.complete(joinResult(g, m));
                }
            }
            default -> result.complete(JoinResult.failed(GroupError.UNKNOWN_MEMBER_ID, memberId));
        }
    }

    private static boolean supportsGroupProtocols(Group g, JoinRequest r) {
        if (g.members.isEmpty()) {
            return true;
        }
        if (!r.protocolType().equals(g.protocolType)) {
            return false;
        }
        return g.members.values().stream().flatMap(m -> m.protocols.keySet().stream()).distinct()
                .anyMatch(p -> r.protocols().containsKey(p) && g.members.values().stream().allMatch(m -> m.protocols.containsKey(p)));
    }

    private void addMemberAndRebalance(Group g, String memberId, JoinRequest r, CompletableFuture<JoinResult> result) {
        Member m = new Member(memberId, r);
        if (g.members.isEmpty()) {
            g.protocolType = r.protocolType();
        }
        g.members.put(memberId, m);
        if (g.leaderId == null || !g.members.containsKey(g.leaderId)) {
            g.leaderId = memberId;
        }
        awaitJoin(m, result);
        prepareRebalance(g, "member " + memberId + " joined");
    }

    private static void awaitJoin(Member m, CompletableFuture<JoinResult> result) {
        if (m.awaitingJoin != null && m.awaitingJoin != result) {
            m.awaitingJoin.complete(JoinResult.failed(GroupError.REBALANCE_IN_PROGRESS, m.id));
        }
        m.awaitingJoin = result;
        if (m.sessionTimer != null) {
            m.sessionTimer.cancel(false); // a member waiting for its join response is alive
        }
    }

    private void prepareRebalance(Group g, String reason) {
        if (g.state == GroupState.COMPLETING_REBALANCE) {
            for (Member m : g.members.values()) {
                if (m.awaitingSync != null) {
                    m.awaitingSync.complete(SyncResult.failed(GroupError.REBALANCE_IN_PROGRESS));
                    m.awaitingSync = null;
                }
            }
        }
        if (g.state != GroupState.PREPARING_REBALANCE) {
            LOG.log(System.Logger.Level.DEBUG, "group {0} rebalancing: {1}", g.id, reason);
            long delay = g.state == GroupState.EMPTY ? Math.min(initialRebalanceDelayMs, maxRebalanceTimeout(g))
                    : maxRebalanceTimeout(g);
            g.state = GroupState.PREPARING_REBALANCE;
            cancel(g.rebalanceTimer);
            g.rebalanceTimer = schedule(() -> completeJoin(g), delay);
        }
        checkJoinComplete(g);
    }

    private static long maxRebalanceTimeout(Group g) {
        return g.members.values().stream().mapToLong(m -> m.rebalanceTimeoutMs).max().orElse(0);
    }

    private void checkJoinComplete(Group g) {
        if (g.state != GroupState.PREPARING_REBALANCE || !g.pendingMembers.isEmpty()) {
            return;
        }
        if (g.generation == 0 && initialRebalanceDelayMs > 0 && g.rebalanceTimer != null && !g.rebalanceTimer.isDone()) {
            return; // first generation: the initial delay timer completes it
        }
        if (g.members.values().stream().allMatch(m -> m.awaitingJoin != null)) {
            completeJoin(g);
        }
    }

    /** Ends the join phase: members that did not rejoin are dropped, the rest get the new generation. */
    private void completeJoin(Group g) {
        if (g.state != GroupState.PREPARING_REBALANCE) {
            return;
        }
        cancel(g.rebalanceTimer);
        g.rebalanceTimer = null;
        for (Member m : new ArrayList<>(g.members.values())) {
            if (m.awaitingJoin == null) {
                LOG.log(System.Logger.Level.DEBUG, "group {0}: member {1} did not rejoin in time", g.id, m.id);
                g.members.remove(m.id);
                cancel(m.sessionTimer);
            }
        }
        g.generation++;
        if (g.members.isEmpty()) {
            g.state = GroupState.EMPTY;
            g.protocolName = null;
            g.protocolType = null;
            g.leaderId = null;
            return;
        }
        if (g.leaderId == null || !g.members.containsKey(g.leaderId)) {
            g.leaderId = g.members.keySet().iterator().next();
        }
        g.protocolName = selectProtocol(g);
        g.state = GroupState.COMPLETING_REBALANCE;
        for (Member m : g.members.values()) {
            CompletableFuture<JoinResult> f = m.awaitingJoin;
            m.awaitingJoin = null;
            scheduleSessionTimeout(g, m);
            f.complete(joinResult(g, m));
        }
        int generation = g.generation;
        // members that never send SyncGroup must not stall the group forever
        g.rebalanceTimer = schedule(() -> {
            if (g.state == GroupState.COMPLETING_REBALANCE && g.generation == generation) {
                g.members.values().removeIf(m -> {
                    boolean gone = m.awaitingSync == null;
                    if (gone) {
                        cancel(m.sessionTimer);
                    }
                    return gone;
                });
                prepareRebalance(g, "members did not sync in time");
            }
        }, maxRebalanceTimeout(g));
    }

    /** Kafka's rule: among protocols every member supports, each member votes for its most preferred; most votes wins. */
    private static String selectProtocol(Group g) {
        List<String> candidates = new ArrayList<>();
        for (String p : g.members.values().iterator().next().protocols.keySet()) {
            if (g.members.values().stream().allMatch(m -> m.protocols.containsKey(p))) {
                candidates.add(p);
            }
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        candidates.forEach(c -> votes.put(c, 0));
        for (Member m : g.members.values()) {
            for (String p : m.protocols.keySet()) {
                if (votes.containsKey(p)) {
                    votes.merge(p, 1, Integer::sum);
                    break;
                }
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    private static JoinResult joinResult(Group g, Member m) {
        List<JoinResult.MemberMetadata> members = new ArrayList<>();
        if (m.id.equals(g.leaderId)) {
            for (Member other : g.members.values()) {
                members.add(new JoinResult.MemberMetadata(other.id, other.groupInstanceId, other.protocols.get(g.protocolName)));
            }
        }
        return new JoinResult(GroupError.NONE, g.generation, g.protocolType, g.protocolName, g.leaderId, m.id, members);
    }

    // ------------------------------------------------------------------ sync

    private void doSync(String groupId, String memberId, int generationId, String protocolType, String protocolName,
            Map<String, byte[]> assignments, CompletableFuture<SyncResult> result) {
        Group g = groups.get(groupId);
        Member m = g == null ? null : g.members.get(memberId);
        if (m == null) {
            result.complete(SyncResult.failed(GroupError.UNKNOWN_MEMBER_ID));
            return;
        }
        if (generationId != g.generation) {
            result.complete(SyncResult.failed(GroupError.ILLEGAL_GENERATION));
            return;
        }
        if ((protocolType != null && !protocolType.equals(g.protocolType))
                || (protocolName != null && !protocolName.equals(g.protocolName))) {
            result.complete(SyncResult.failed(GroupError.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        switch (g.state) {
            case PREPARING_REBALANCE -> result.complete(SyncResult.failed(GroupError.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                m.awaitingSync = result;
                scheduleSessionTimeout(g, m);
                if (memberId.equals(g.leaderId)) {
                    for (Member each : g.members.values()) {
                        each.assignment = assignments.getOrDefault(each.id, new byte[0]);
                    }
                    g.state = GroupState.STABLE;
                    cancel(g.rebalanceTimer);
                    g.rebalanceTimer = null;
                    for (Member each : g.members.values()) {
                        if (each.awaitingSync != null) {
                            each.awaitingSync.complete(new SyncResult(GroupError.NONE, g.protocolType, g.protocolName, each.assignment));
                            each.awaitingSync = null;
                        }
                    }
                }
            }
            case STABLE -> {
                scheduleSessionTimeout(g, m);
                result.complete(new SyncResult(GroupError.NONE, g.protocolType, g.protocolName, m.assignment));
            }
            default -> result.complete(SyncResult.failed(GroupError.UNKNOWN_MEMBER_ID));
        }
    }

    // ------------------------------------------------------------------ leaving and expiry

    private void removeMember(Group g, Member m, String reason) {
        g.members.remove(m.id);
        cancel(m.sessionTimer);
        if (m.awaitingJoin != null) {
            m.awaitingJoin.complete(JoinResult.failed(GroupError.UNKNOWN_MEMBER_ID, m.id));
        }
        if (m.awaitingSync != null) {
            m.awaitingSync.complete(SyncResult.failed(GroupError.UNKNOWN_MEMBER_ID));
        }
        switch (g.state) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(g, "member " + m.id + " " + reason);
            case PREPARING_REBALANCE -> checkJoinComplete(g);
            default -> {
            }
        }
        if (g.members.isEmpty() && g.state == GroupState.PREPARING_REBALANCE && g.pendingMembers.isEmpty()) {
            completeJoin(g);
        }
    }

    private void scheduleSessionTimeout(Group g, Member m) {
        cancel(m.sessionTimer);
        m.sessionTimer = schedule(() -> {
            if (g.members.get(m.id) != m) {
                return;
            }
            if (m.awaitingJoin != null || m.awaitingSync != null) {
                scheduleSessionTimeout(g, m); // waiting on us, so alive
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "group {0}: member {1} session expired", g.id, m.id);
            removeMember(g, m, "session expired");
        }, m.sessionTimeoutMs);
    }

    private void expirePending(Group g, String memberId) {
        if (g.pendingMembers.remove(memberId) != null) {
            checkJoinComplete(g);
        }
    }

    private static GroupSnapshot snapshot(Group g) {
        List<GroupSnapshot.MemberSnapshot> members = new ArrayList<>();
        for (Member m : g.members.values()) {
            byte[] metadata = g.protocolName == null ? new byte[0] : m.protocols.getOrDefault(g.protocolName, new byte[0]);
            members.add(new GroupSnapshot.MemberSnapshot(m.id, m.groupInstanceId, m.clientId, m.clientHost, metadata, m.assignment));
        }
        return new GroupSnapshot(g.id, g.state, g.protocolType == null ? "" : g.protocolType,
                g.protocolName == null ? "" : g.protocolName, g.generation, members);
    }

    // ------------------------------------------------------------------ plumbing

    private <T> CompletableFuture<T> call(Supplier<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("group coordinator is closed"));
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    f.complete(work.get());
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.ERROR, "group operation failed", t);
                    f.completeExceptionally(t);
                }
            });
        } catch (RuntimeException rejected) {
            f.completeExceptionally(new IllegalStateException("group coordinator is closed", rejected));
        }
        return f;
    }

    private ScheduledFuture<?> schedule(Runnable r, long delayMs) {
        return thread.schedule(() -> {
            try {
                r.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "group timer failed", t);
            }
        }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Fails every waiting join and sync, then stops the coordinator thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        CompletableFuture<Void> drained = call(() -> {
            for (Group g : groups.values()) {
                for (Member m : g.members.values()) {
                    if (m.awaitingJoin != null) {
                        m.awaitingJoin.complete(JoinResult.failed(GroupError.COORDINATOR_NOT_AVAILABLE, m.id));
                    }
                    if (m.awaitingSync != null) {
                        m.awaitingSync.complete(SyncResult.failed(GroupError.COORDINATOR_NOT_AVAILABLE));
                    }
                }
            }
            return null;
        });
        closed = true;
        try {
            drained.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "group coordinator did not drain", e);
        }
        thread.shutdownNow();
    }
}
