package io.reviewflow.ingest;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import java.nio.charset.StandardCharsets;

/** Test shorthand: parse and unwrap, failing with the other side's content when the outcome is not the expected one. */
final class Parsing {

    static final DocumentParser PARSER = new DocumentParser(IngestLimits.defaults());

    private Parsing() {}

    static Review accepted(String document) {
        return accepted(PARSER.parse(document.getBytes(StandardCharsets.UTF_8), null));
    }

    static Review accepted(Outcome<Review> outcome) {
        if (outcome instanceof Outcome.Rejected<Review> r) {
            throw new AssertionError("expected a review, got " + r.problem());
        }
        return ((Outcome.Accepted<Review>) outcome).value();
    }

    static Problem rejected(String document) {
        return rejected(PARSER.parse(document.getBytes(StandardCharsets.UTF_8), null));
    }

    static Problem rejected(String document, SourceFormat format) {
        return rejected(PARSER.parse(document.getBytes(StandardCharsets.UTF_8), format));
    }

    static Problem rejected(Outcome<Review> outcome) {
        if (outcome instanceof Outcome.Accepted<Review> a) {
            throw new AssertionError("expected a rejection, got " + a.value());
        }
        return assertInstanceOf(Outcome.Rejected.class, outcome).problem();
    }
}
