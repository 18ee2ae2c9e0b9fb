package io.kafkaclone.line;

import io.kafkaclone.core.BrokerException;

/** A request failure with a line-protocol error code (UPPER_SNAKE), sent back as {@code {"ok":false,"error":…}}. */
final class LineError extends RuntimeException {
    static final String BAD_REQUEST = "BAD_REQUEST";
    static final String UNKNOWN_OP = "UNKNOWN_OP";
    static final String INVALID_TOPIC = "INVALID_TOPIC";
    static final String UNKNOWN_TOPIC = "UNKNOWN_TOPIC";
    static final String UNKNOWN_PARTITION = "UNKNOWN_PARTITION";
    static final String TOPIC_EXISTS = "TOPIC_EXISTS";
    static final String MESSAGE_TOO_LARGE = "MESSAGE_TOO_LARGE";
    static final String LINE_TOO_LONG = "LINE_TOO_LONG";
    static final String NOT_SUBSCRIBED = "NOT_SUBSCRIBED";
    static final String SHUTTING_DOWN = "SHUTTING_DOWN";
    static final String GROUP_IN_USE = "GROUP_IN_USE";
    static final String TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS";
    /** The database failed the commit (disk full, read-only, connection lost): nothing of the request was stored; retry later. */
    static final String STORAGE_ERROR = "STORAGE_ERROR";
    /** The connection's principal is not allowed this operation (kafka-clone.acl rules). */
    static final String FORBIDDEN = "FORBIDDEN";
    static final String INTERNAL = "INTERNAL";
    static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    static final String AUTH_FAILED = "AUTH_FAILED";
    static final String AUTH_DISABLED = "AUTH_DISABLED";

    private final String code;

    LineError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }

    /** Translates any failure into the code a line client sees; unexpected ones become INTERNAL. */
    static LineError from(Throwable t) {
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof LineError e) {
            return e;
        }
        if (t instanceof BrokerException be) {
            String code = switch (be.code()) {
                case INVALID_TOPIC -> INVALID_TOPIC;
                case UNKNOWN_TOPIC -> UNKNOWN_TOPIC;
                case TOPIC_EXISTS -> TOPIC_EXISTS;
                case UNKNOWN_PARTITION -> UNKNOWN_PARTITION;
                case MESSAGE_TOO_LARGE -> MESSAGE_TOO_LARGE;
                case INVALID_PARTITIONS, INVALID_RECORD, OFFSET_OUT_OF_RANGE, INVALID_CONFIG -> BAD_REQUEST;
                case SHUTTING_DOWN -> SHUTTING_DOWN;
                case STORAGE_ERROR -> STORAGE_ERROR;
            };
            return new LineError(code, be.getMessage());
        }
        return new LineError(INTERNAL, "internal error: " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()));
    }
}
