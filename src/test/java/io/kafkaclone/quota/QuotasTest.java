package io.kafkaclone.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.kafkaclone.security.Principal;

/** Which quota applies to whom, and how the throttle time follows from the measured rate (a fake clock, no waiting). */
class QuotasTest {
    private static final Principal ALICE = new Principal("alice");
    private static final Principal BOB = new Principal("bob");

    record Rates(OptionalLong producerByteRate, OptionalLong consumerByteRate) implements QuotaConfig.Rates {
        static Rates of(long produce, long fetch) {
            return new Rates(OptionalLong.of(produce), OptionalLong.of(fetch));
        }
    }

    record Config(OptionalLong producerByteRate, OptionalLong consumerByteRate, Map<String, QuotaConfig.Rates> users,
            Map<String, QuotaConfig.Rates> clients, int sampleMs, int samples) implements QuotaConfig {
    }

    private final AtomicLong now = new AtomicLong(1_000_000);

    private Quotas quotas(Config config) {
        return new Quotas(config, now::get);
    }

    @Test
    void withoutAnyQuotaNothingIsThrottled() {
        Quotas q = quotas(new Config(OptionalLong.empty(), OptionalLong.empty(), Map.of(), Map.of(), 1000, 11));
        assertThat(q.enabled()).isFalse();
        assertThat(q.record(Quotas.Kind.PRODUCE, ALICE, "c", 1L << 40)).isZero();
    }

    @Test
    void throttleIsTheTimeThatBringsTheRateBackToTheQuota() {
        // 100 KB/s measured over 11 one-second samples: the window counts as at least 10 s
        Quotas q = quotas(new Config(OptionalLong.of(100_000), OptionalLong.empty(), Map.of(), Map.of(), 1000, 11));
        assertThat(q.record(Quotas.Kind.PRODUCE, ALICE, "c", 900_000)).isZero(); // 90 KB/s over 10 s
        // 1.5 MB over 10 s = 150 KB/s: (150 - 100) / 100 x 10 s = 5 s
        assertThat(q.record(Quotas.Kind.PRODUCE, ALICE, "c", 600_000)).isEqualTo(5_000);
        // fetches have their own (unset) quota
        assertThat(q.record(Quotas.Kind.FETCH, ALICE, "c", 10_000_000)).isZero();
    }

    @Test
    void theThrottleNeverExceedsTheWindowAndExpiresWithIt() {
        Quotas q = quotas(new Config(OptionalLong.of(1_000), OptionalLong.empty(), Map.of(), Map.of(), 500, 3));
        assertThat(q.record(Quotas.Kind.PRODUCE, ALICE, null, 10_000_000)).isEqualTo(1_500);
        now.addAndGet(1_500); // the burst's sample has left the window
        assertThat(q.record(Quotas.Kind.PRODUCE, ALICE, null, 100)).isZero();
    }

    @Test
    void eachUserHasItsOwnBudgetAndOverridesWinOverDefaults() {
        Quotas q = quotas(new Config(OptionalLong.of(100_000), OptionalLong.of(100_000),
                Map.of("alice", Rates.of(10_000_000, 50)), Map.of("exempt", Rates.of(1L << 40, 1L << 40)), 1000, 11));
        assertThat(q.record(Quotas.Kind.PRODUCE, BOB, "app", 2_000_000)).isPositive(); // default: 200 KB/s > 100 KB/s
        assertThat(q.record(Quotas.Kind.PRODUCE, Principal.ANONYMOUS, "app", 500_000)).isZero(); // another user's budget
        assertThat(q.record(Quotas.Kind.PRODUCE, ALICE, "app", 2_000_000)).isZero(); // alice may publish 10 MB/s
        assertThat(q.record(Quotas.Kind.FETCH, ALICE, "app", 1_000)).isPositive(); // but fetch only 50 B/s
        assertThat(q.record(Quotas.Kind.PRODUCE, BOB, "exempt", 50_000_000)).isZero(); // client-id override
        assertThat(q.record(Quotas.Kind.FETCH, ALICE, "exempt", 1_000)).isPositive(); // a user override wins over a client's
    }
}
