package io.kafkaclone.console;

/** A console request that cannot be served as asked; becomes a {@link Problem} with its status and code. */
public class ConsoleException extends RuntimeException {
    private final int status;
    private final String code;

    public ConsoleException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static ConsoleException badRequest(String message) {
        return new ConsoleException(400, "BAD_REQUEST", message);
    }

    public static ConsoleException notFound(String code, String message) {
        return new ConsoleException(404, code, message);
    }

    public static ConsoleException conflict(String code, String message) {
        return new ConsoleException(409, code, message);
    }

    public Problem problem() {
        return new Problem(status, code, getMessage());
    }
}
