package io.kafkaclone.line;

import io.kafkaclone.quota.Quotas;
import io.kafkaclone.security.Principal;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The producer byte-rate quota on one line connection. The line protocol has no throttle field
 * clients are bound to honour, so the broker enforces it itself: over quota, it stops reading the
 * socket for the throttle time (TCP flow control then slows the publisher) and tells the client
 * in the publish reply ({@code "throttle_ms"}). Runs on the connection's event loop only.
 */
final class LineQuota {
    private final Quotas quotas;
    private final Runnable pause;
    private final Vertx vertx;
    private final Context context;
    private final Runnable resume;
    private long mutedUntil;

    LineQuota(Quotas quotas, Runnable pause, Vertx vertx, Context context, Runnable resume) {
        this.quotas = quotas;
        this.pause = pause;
        this.vertx = vertx;
        this.context = context;
        this.resume = resume;
    }

    /** Meters a publish of {@code bytes}; over quota, pauses reading. Returns the throttle time (0 within quota). */
    long recordPublish(Principal principal, long bytes) {
        if (!quotas.enabled()) {
            return 0;
        }
        long throttleMs = quotas.record(Quotas.Kind.PRODUCE, principal, null, bytes);
        if (throttleMs > 0) {
            long until = System.currentTimeMillis() + throttleMs;
            if (until > mutedUntil) {
                mutedUntil = until;
                pause.run();
                vertx.setTimer(throttleMs, id -> context.runOnContext(v -> {
                    if (mutedUntil == until) {
                        mutedUntil = 0;
                        resume.run();
                    }
                }));
            }
        }
        return throttleMs;
    }

    boolean muted() {
        return mutedUntil != 0;
    }
}
