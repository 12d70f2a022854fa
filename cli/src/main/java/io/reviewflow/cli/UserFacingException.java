package io.reviewflow.cli;

/** A failure whose message is already the one line a person should read, with the exit code to end on. */
final class UserFacingException extends RuntimeException {
    static final int UNREADABLE_INPUT = 2;
    static final int KAFKA_UNREACHABLE = 3;
    static final int TIMED_OUT = 4;

    private final int exitCode;

    UserFacingException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    UserFacingException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
