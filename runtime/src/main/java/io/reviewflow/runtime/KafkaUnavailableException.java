package io.reviewflow.runtime;

/** Kafka could not be reached or refused a set-up request; the message is one line for a person. */
public final class KafkaUnavailableException extends RuntimeException {
    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
