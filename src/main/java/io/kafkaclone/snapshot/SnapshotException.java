package io.kafkaclone.snapshot;

/** A snapshot operation refused or failed; {@link Reason} lets each door pick its status code. */
public class SnapshotException extends RuntimeException {

    public enum Reason {
        /** The id is not a legal snapshot id (it would not be a plain folder name). */
        INVALID_ID,
        UNKNOWN_SNAPSHOT,
        /** Import needs a broker without topics and committed offsets. */
        BROKER_NOT_EMPTY,
        /** The snapshot's files are missing, unreadable or inconsistent. */
        CORRUPT_SNAPSHOT,
        /** Writing the snapshot failed (disk, or the log changed under it). */
        SNAPSHOT_FAILED
    }

    private final Reason reason;

    public SnapshotException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SnapshotException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
