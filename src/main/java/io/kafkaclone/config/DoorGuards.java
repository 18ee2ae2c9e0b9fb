package io.kafkaclone.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.kafkaclone.limits.ConnectionLimiter;
import io.kafkaclone.limits.LimitsConfig;
import io.kafkaclone.quota.Quotas;
import io.kafkaclone.security.Authentication;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.tls.DoorTls;

/**
 * What every client door (line and Kafka) applies to the clients it accepts, in one place so both
 * doors apply the same things: TLS, connection limits and idle timeout, authentication,
 * authorization and byte-rate quotas. Each is off (plaintext, unlimited, anonymous, allow-all) by default.
 */
@ApplicationScoped
public class DoorGuards {
    @Inject
    DoorTls tls;
    @Inject
    ConnectionLimiter limiter;
    @Inject
    LimitsConfig limits;
    @Inject
    Authentication authentication;
    @Inject
    Authorizer authorizer;
    @Inject
    Quotas quotas;

    public DoorTls tls() {
        return tls;
    }

    public ConnectionLimiter limiter() {
        return limiter;
    }

    /** How long a connection may stay idle before the door closes it (0: forever). */
    public long connectionsMaxIdleMs() {
        return limits.connectionsMaxIdleMs();
    }

    public Authentication authentication() {
        return authentication;
    }

    public Authorizer authorizer() {
        return authorizer;
    }

    public Quotas quotas() {
        return quotas;
    }
}
