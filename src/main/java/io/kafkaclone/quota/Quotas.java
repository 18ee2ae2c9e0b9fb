package io.kafkaclone.quota;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.kafkaclone.security.Principal;

/**
 * Per-user byte-rate quotas shared by every door: a door records the bytes a principal published
 * or fetched and gets back how long to stop reading from that connection (0: within quota). It
 * never delays anything itself; Kafka connections return the time as throttle_time_ms and mute
 * the channel, line connections pause reading the socket.
 */
public final class Quotas {
    /** What the bytes were for: publishes count against producer-byte-rate, fetches against consumer-byte-rate. */
    public enum Kind {
        PRODUCE, FETCH
    }

    private final QuotaConfig config;
    private final LongSupplier clock;
    private final Map<String, ByteRateMeter> meters = new ConcurrentHashMap<>();

    public Quotas(QuotaConfig config) {
        this(config, System::currentTimeMillis);
    }

    Quotas(QuotaConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        new ByteRateMeter(config.samples(), config.sampleMs()); // fail at start on a window that cannot measure
    }

    /**
     * Records {@code bytes} for {@code principal} (and Kafka {@code clientId}, null for other doors).
     *
     * @return milliseconds the connection should not be read from; 0 when within quota or unlimited
     */
    public long record(Kind kind, Principal principal, String clientId, long bytes) {
        String user = principal == null ? Principal.ANONYMOUS.name() : principal.name();
        // the meter belongs to whatever the applicable quota was set for, as Kafka's quota entities
        QuotaConfig.Rates userRates = config.users().get(user);
        OptionalLong quota = userRates == null ? OptionalLong.empty() : rate(userRates, kind);
        String entity = "user:" + user;
        if (quota.isEmpty() && clientId != null && config.clients().containsKey(clientId)) {
            quota = rate(config.clients().get(clientId), kind);
            entity = "client:" + clientId;
        }
        if (quota.isEmpty()) {
            quota = kind == Kind.PRODUCE ? config.producerByteRate() : config.consumerByteRate();
            entity = "user:" + user;
        }
        if (quota.isEmpty() || bytes <= 0) {
            return 0;
        }
        long limit = Math.max(1, quota.getAsLong());
        ByteRateMeter meter = meters.computeIfAbsent(kind + "/" + entity, k -> new ByteRateMeter(config.samples(), config.sampleMs()));
        return meter.recordAndGetThrottleMs(bytes, limit, clock.getAsLong());
    }

    /** True when some quota is configured at all (doors skip measuring otherwise). */
    public boolean enabled() {
        return config.producerByteRate().isPresent() || config.consumerByteRate().isPresent() || !config.users().isEmpty()
                || !config.clients().isEmpty();
    }

    private static OptionalLong rate(QuotaConfig.Rates rates, Kind kind) {
        return kind == Kind.PRODUCE ? rates.producerByteRate() : rates.consumerByteRate();
    }
}
