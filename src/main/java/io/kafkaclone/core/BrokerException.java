package io.kafkaclone.core;

/** A failure with a protocol-neutral {@link ErrorCode}; the message is safe to show to a client. */
public class BrokerException extends RuntimeException {
    private final ErrorCode code;

    public BrokerException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public BrokerException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
