package io.kafkaclone.core;

/**
 * A network listener of the broker (line protocol, Kafka protocol). Listeners that are CDI beans
 * implementing this are checked by the readiness probe, so a broker whose port is not bound is not
 * reported ready.
 */
public interface Listener {
    /** Short name used in health reports, e.g. {@code line} or {@code kafka}. */
    String name();

    /** True once the listener is bound and accepting connections. */
    boolean isListening();
}
