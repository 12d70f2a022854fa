package io.reviewflow.schemas;

/** Bytes that are not a single-object-encoded record of any released version of the expected schema. */
public final class UndecodableRecordException extends Exception {
    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    public UndecodableRecordException(String message) {
        super(message);
    }
}
