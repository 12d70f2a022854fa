package io.reviewflow.domain;

import java.util.Objects;

/**
 * Why a piece of input was refused, in words a writer can act on.
 *
 * @param reason  the machine-readable reason code
 * @param message a one-line, human-readable explanation, prefixed with "line N: " where a line applies
 * @param line    1-based line number in the document, or {@code null}
 */
public record Problem(RejectionReason reason, String message, Integer line) {
    public Problem {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static Problem of(RejectionReason reason, String message) {
        return new Problem(reason, message, null);
    }

    /** A problem at a document line; the message is prefixed with the line number. */
    public static Problem atLine(RejectionReason reason, int line, String message) {
        return new Problem(reason, "line " + line + ": " + message, line);
    }
}
