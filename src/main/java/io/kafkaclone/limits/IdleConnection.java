package io.kafkaclone.limits;

/** What {@link IdleTimeout} asks a connection, always on the connection's own event loop. */
public interface IdleConnection {
    /** {@link System#nanoTime()} when the client last sent bytes. */
    long lastReadNanos();

    /** Work in progress the client waits for (a subscription, an unanswered request): never idle then. */
    boolean busy();

    /** Closes the connection because it was idle. */
    void closeIdle();
}
