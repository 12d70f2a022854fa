package io.reviewflow.runtime;

/** A failure the loop must not retry: it stops the service. */
final class FatalStageException extends RuntimeException {
    FatalStageException(String message, Throwable cause) {
        super(message, cause);
    }
}
