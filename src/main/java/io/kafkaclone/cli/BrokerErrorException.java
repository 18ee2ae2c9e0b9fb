package io.kafkaclone.cli;

/** The broker answered {@code "ok":false}: carries its error code and message. */
final class BrokerErrorException extends Exception {

    private final String code;

    BrokerErrorException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
