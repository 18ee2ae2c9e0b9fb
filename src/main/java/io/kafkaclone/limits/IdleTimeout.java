package io.kafkaclone.limits;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Context;

/**
 * Closes a connection that has been idle (no bytes from the client, nothing in progress) for
 * {@code kafka-clone.limits.connections-max-idle-ms}. One timer per connection, re-armed only when it
 * fires, so reading costs a field write; a busy connection counts as active at each check, so the
 * idle time of one that just finished a long poll starts then, not at its last request.
 */
public final class IdleTimeout {
    private final Context context;
    private final IdleConnection connection;
    private final long timeoutNanos;
    private long activeSince;
    private long timerId = -1;
    private boolean cancelled;

    private IdleTimeout(Context context, IdleConnection connection, long timeoutMs) {
        this.context = context;
        this.connection = connection;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /**
     * Starts watching; call on the connection's event loop. Returns null when {@code timeoutMs} is 0 (idle
     * connections are kept).
     */
    public static IdleTimeout watch(Context context, IdleConnection connection, long timeoutMs) {
        if (timeoutMs <= 0) {
            return null;
        }
        IdleTimeout t = new IdleTimeout(context, connection, timeoutMs);
        t.activeSince = System.nanoTime();
        t.arm(t.timeoutNanos);
        return t;
    }

    /** Stops watching (the connection closed). */
    public static void cancel(IdleTimeout t) {
        if (t != null) {
            t.context.runOnContext(v -> {
                t.cancelled = true;
                if (t.timerId >= 0) {
                    t.context.owner().cancelTimer(t.timerId);
                }
            });
        }
    }

    private void arm(long delayNanos) {
        // the timer is set from the connection's context, so it fires there: no locking with its handlers
        long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos));
        timerId = context.owner().setTimer(ms, id -> check());
    }

    private void check() {
        timerId = -1;
        if (cancelled) {
            return;
        }
        long now = System.nanoTime();
        if (connection.busy()) {
            activeSince = now;
        }
        long last = Math.max(activeSince, connection.lastReadNanos());
        long idle = now - last;
        if (idle >= timeoutNanos) {
            cancelled = true;
            connection.closeIdle();
        } else {
            arm(timeoutNanos - idle);
        }
    }
}
