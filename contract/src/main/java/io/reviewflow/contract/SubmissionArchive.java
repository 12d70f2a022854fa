package io.reviewflow.contract;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.SubmissionPosition;

/**
 * Where a stage after ingest reads a submission back for a rejection. Events after ingest carry the
 * submission without its document and the position it was read from; {@code reviews.submitted} keeps
 * the document (docs/DECISIONS.md, Contract), so only the rare rejection pays for a read.
 */
public interface SubmissionArchive extends AutoCloseable {

    /**
     * The submission stored at {@code position}.
     *
     * @throws SubmissionUnavailableException if it cannot be read, with a reason a writer or operator can act on
     */
    ReviewSubmission read(SubmissionPosition position);

    @Override
    default void close() {}

    /** An archive for a contract whose stages only ever see whole submissions: every read fails, saying so. */
    static SubmissionArchive none() {
        return position -> {
            throw new SubmissionUnavailableException("this process has no connection to read submissions back");
        };
    }

    /** Why a submission could not be read back. */
    final class SubmissionUnavailableException extends RuntimeException {
        public SubmissionUnavailableException(String message) {
            super(message);
        }

        public SubmissionUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
