package io.kafkaclone.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts the open connections of the line and Kafka doors, in total and per client IP address, and
 * refuses a new one over {@link LimitsConfig}'s limits. One instance serves both doors so that one
 * client cannot get twice its share by using both protocols. Connections already held are never
 * touched: only the newcomer is refused.
 */
@ApplicationScoped
public class ConnectionLimiter {
    private static final Logger LOG = Logger.getLogger(ConnectionLimiter.class);

    @Inject
    LimitsConfig config;
    @Inject
    MeterRegistry registry;

    private final Map<String, Integer> openPerIp = new HashMap<>();
    private int open;
    private Map<String, Integer> overrides = Map.of();

    @PostConstruct
    void init() {
        Map<String, Integer> normalised = new HashMap<>();
        config.maxConnectionsPerIpOverrides().forEach((host, limit) -> normalised.put(address(host), limit));
        overrides = Map.copyOf(normalised);
    }

    /**
     * Counts a new connection of {@code door} from {@code remote}, or refuses it. An admitted connection
     * must {@link Admission#release()} when it closes.
     */
    public Admission admit(String door, SocketAddress remote) {
        String ip = remote == null || remote.hostAddress() == null ? "" : address(remote.hostAddress());
        String refusal;
        synchronized (this) {
            int fromIp = openPerIp.getOrDefault(ip, 0);
            Integer ipLimit = overrides.containsKey(ip) ? overrides.get(ip) : config.maxConnectionsPerIp().isPresent()
                    ? Integer.valueOf(config.maxConnectionsPerIp().getAsInt()) : null;
            if (config.maxConnections().isPresent() && open >= config.maxConnections().getAsInt()) {
                refusal = "the broker already has its maximum of " + config.maxConnections().getAsInt() + " connections";
            } else if (ipLimit != null && fromIp >= ipLimit) {
                refusal = "address " + ip + " already has its maximum of " + ipLimit + " connections";
            } else {
                open++;
                openPerIp.put(ip, fromIp + 1);
                return new Admission(this, ip, null);
            }
        }
        // like Kafka's "Rejected connection from ..."; the client learns it from the door (error line or close)
        LOG.infof("kafka-clone %s door: refused connection from %s: %s", door, ip, refusal);
        Counter.builder("kafka.clone.connections.refused").description("Connections refused by a connection limit")
                .tags("door", door).register(registry).increment();
        return new Admission(null, ip, refusal);
    }

    /** Open connections counted now, over both doors. */
    public synchronized int openConnections() {
        return open;
    }

    private synchronized void release(String ip) {
        open--;
        openPerIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** "::1", "0:0:0:0:0:0:0:1" and "localhost" name one address; literals are not looked up. */
    private static String address(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("kafka-clone.limits: cannot resolve '" + host + "'", e);
        }
    }

    /** The outcome of {@link #admit}: either admitted (release it on close) or refused with a reason. */
    public static final class Admission {
        private final ConnectionLimiter limiter;
        private final String ip;
        private final String refusal;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(ConnectionLimiter limiter, String ip, String refusal) {
            this.limiter = limiter;
            this.ip = ip;
            this.refusal = refusal;
        }

        public boolean admitted() {
            return refusal == null;
        }

        /** Why the connection was refused; null when admitted. */
        public String refusal() {
            return refusal;
        }

        /** Frees the connection's place; safe to call more than once. */
        public void release() {
            if (limiter != null && released.compareAndSet(false, true)) {
                limiter.release(ip);
            }
        }
    }
}
