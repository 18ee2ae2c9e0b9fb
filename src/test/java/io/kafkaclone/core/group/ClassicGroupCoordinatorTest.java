package io.kafkaclone.core.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The classic group state machine on its own: no sockets, no Kafka messages. */
class ClassicGroupCoordinatorTest {
    private final ClassicGroupCoordinator coordinator = new ClassicGroupCoordinator(0);

    @AfterEach
    void close() {
        coordinator.close();
    }

    private static JoinRequest join(String group, String memberId, String client, int sessionTimeoutMs) {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", client.getBytes(StandardCharsets.UTF_8));
        return new JoinRequest(group, memberId, null, client, "/127.0.0.1", "consumer", protocols, sessionTimeoutMs, 10_000, true);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    /** Joins the v4+ way: fetch a member id, then join with it. */
    private JoinResult joinFully(String group, String client, int sessionTimeoutMs) throws Exception {
        JoinResult first = get(coordinator.join(join(group, "", client, sessionTimeoutMs)));
        assertThat(first.error()).isEqualTo(GroupError.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith(client + "-");
        return get(coordinator.join(join(group, first.memberId(), client, sessionTimeoutMs)));
    }

    @Test
    void firstMemberBecomesLeaderAndGetsItsAssignment() throws Exception {
        JoinResult a = joinFully("g1", "a", 10_000);
        assertThat(a.error()).isEqualTo(GroupError.NONE);
        assertThat(a.generationId()).isEqualTo(1);
        assertThat(a.leaderId()).isEqualTo(a.memberId());
        assertThat(a.protocolName()).isEqualTo("range");
        assertThat(a.members()).extracting(JoinResult.MemberMetadata::memberId).containsExactly(a.memberId());

        SyncResult sync = get(coordinator.sync("g1", a.memberId(), 1, "consumer", "range", Map.of(a.memberId(), new byte[] { 7 })));
        assertThat(sync.error()).isEqualTo(GroupError.NONE);
        assertThat(sync.assignment()).containsExactly(7);
        assertThat(get(coordinator.heartbeat("g1", a.memberId(), 1))).isEqualTo(GroupError.NONE);
        assertThat(get(coordinator.heartbeat("g1", a.memberId(), 0))).isEqualTo(GroupError.ILLEGAL_GENERATION);
        assertThat(get(coordinator.heartbeat("g1", "nobody", 1))).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
        assertThat(get(coordinator.describe("g1")).orElseThrow().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void secondMemberTriggersRebalanceAndBothGetTheLeadersAssignment() throws Exception {
        JoinResult a = joinFully("g2", "a", 10_000);
        get(coordinator.sync("g2", a.memberId(), 1, null, null, Map.of(a.memberId(), new byte[] { 1 })));

        JoinResult bId = get(coordinator.join(join("g2", "", "b", 10_000)));
        CompletableFuture<JoinResult> bJoin = coordinator.join(join("g2", bId.memberId(), "b", 10_000));
        // b waits until a rejoins; a learns about the rebalance from its heartbeat
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(coordinator.heartbeat("g2", a.memberId(), 1)) == GroupError.REBALANCE_IN_PROGRESS);
        assertThat(bJoin).isNotDone();
        JoinResult a2 = get(coordinator.join(join("g2", a.memberId(), "a", 10_000)));
        JoinResult b2 = get(bJoin);
        assertThat(a2.generationId()).isEqualTo(2).isEqualTo(b2.generationId());
        assertThat(a2.leaderId()).isEqualTo(a.memberId());
        assertThat(a2.members()).hasSize(2);
        assertThat(b2.members()).isEmpty();

        CompletableFuture<SyncResult> bSync = coordinator.sync("g2", b2.memberId(), 2, null, null, Map.of());
        SyncResult aSync = get(coordinator.sync("g2", a.memberId(), 2, null, null,
                Map.of(a.memberId(), new byte[] { 1 }, b2.memberId(), new byte[] { 2 })));
        assertThat(aSync.assignment()).containsExactly(1);
        assertThat(get(bSync).assignment()).containsExactly(2);
        assertThat(get(coordinator.validateCommit("g2", b2.memberId(), 2))).isEqualTo(GroupError.NONE);
        assertThat(get(coordinator.validateCommit("g2", b2.memberId(), 1))).isEqualTo(GroupError.ILLEGAL_GENERATION);
    }

    @Test
    void silentMemberIsDroppedAfterItsSessionTimeoutAndLeaveRebalancesToo() throws Exception {
        JoinResult a = joinFully("g3", "a", 10_000);
        get(coordinator.sync("g3", a.memberId(), 1, null, null, Map.of()));
        JoinResult bId = get(coordinator.join(join("g3", "", "b", 300)));
        CompletableFuture<JoinResult> bJoin = coordinator.join(join("g3", bId.memberId(), "b", 300));
        JoinResult a2 = get(coordinator.join(join("g3", a.memberId(), "a", 10_000)));
        assertThat(get(bJoin).generationId()).isEqualTo(2);
        get(coordinator.sync("g3", a.memberId(), 2, null, null, Map.of()));

        // b never heartbeats: after 300 ms it is gone and the group rebalances
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(coordinator.heartbeat("g3", a.memberId(), 2)) == GroupError.REBALANCE_IN_PROGRESS);
        JoinResult a3 = get(coordinator.join(join("g3", a.memberId(), "a", 10_000)));
        assertThat(a3.generationId()).isEqualTo(3);
        assertThat(a3.members()).extracting(JoinResult.MemberMetadata::memberId).containsExactly(a.memberId());
        assertThat(a2.generationId()).isEqualTo(2);

        assertThat(get(coordinator.leave("g3", List.of(a.memberId(), "ghost"))))
                .containsExactly(GroupError.NONE, GroupError.UNKNOWN_MEMBER_ID);
        assertThat(get(coordinator.describe("g3")).orElseThrow().state()).isEqualTo(GroupState.EMPTY);
        assertThat(get(coordinator.validateCommit("g3", "", -1))).isEqualTo(GroupError.NONE);
    }

    @Test
    void aRestartedStaticMemberReplacesItsPreviousIncarnation() throws Exception {
        LinkedHashMap<String, byte[]> protocols = new LinkedHashMap<>();
        protocols.put("range", new byte[] { 1 });
        JoinRequest first = new JoinRequest("g4", "", "instance-1", "a", "/127.0.0.1", "consumer", protocols, 10_000, 60_000, true);
        JoinResult a = get(coordinator.join(first));
        assertThat(a.error()).isEqualTo(GroupError.NONE); // static members get their id at once
        get(coordinator.sync("g4", a.memberId(), a.generationId(), null, null, Map.of()));

        // the same instance comes back with no member id: the old one is replaced without waiting for it
        JoinResult again = get(coordinator.join(first));
        assertThat(again.error()).isEqualTo(GroupError.NONE);
        assertThat(again.memberId()).isNotEqualTo(a.memberId());
        assertThat(again.members()).extracting(JoinResult.MemberMetadata::memberId).containsExactly(again.memberId());
        assertThat(get(coordinator.heartbeat("g4", a.memberId(), a.generationId()))).isEqualTo(GroupError.UNKNOWN_MEMBER_ID);
    }
}
