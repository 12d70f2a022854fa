package io.reviewflow.benchmarks;

import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sample documents the benchmarks read, copied from the repository's {@code samples/} into this jar's resources by the build
 * so that {@code benchmarks.jar} runs from anywhere. Reviews and scored reviews are made the way the
 * pipeline makes them, by parsing (and scoring) a real document, never built by hand: hand-made objects
 * drift from what ingest really produces (list sizes, no-break spaces, NFC text).
 */
public final class Samples {

    /** The house-format seed review, about 2.8 KiB: the document the ingest target is stated for. */
    public static final String SEED = "the-perfection.txt";

    /** The seed's score as written; {@link #seedWithScore} swaps exactly this text. */
    private static final String SEED_SCORE = "60% CHILLIN";

    private Samples() {}

    public static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("samples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no sample '" + name + "' in the benchmark jar (samples/)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The format a submission declares for a file, as {@code reviewflow submit} does: from its extension. */
    public static SourceFormat formatOf(String name) {
        if (name.endsWith(".md")) {
            return SourceFormat.MARKDOWN;
        }
        if (name.endsWith(".json")) {
            return SourceFormat.JSON;
        }
        return SourceFormat.TEXT;
    }

    /** Parses a document that must be accepted; a rejection means the benchmark would time the wrong path. */
    static Review parse(byte[] document, SourceFormat format) {
        return accepted(new DocumentParser(IngestLimits.defaults()).parse(document, format), "parsing the sample");
    }

    /** The seed review with its score line's value ({@code 60% CHILLIN}) replaced, then parsed by ingest. */
    static Review seedWithScore(String scoreLineValue) {
        String seed = new String(bytes(SEED), StandardCharsets.UTF_8);
        int at = seed.indexOf(SEED_SCORE);
        if (at < 0 || seed.indexOf(SEED_SCORE, at + 1) >= 0) {
            throw new IllegalStateException("the seed must contain '" + SEED_SCORE + "' exactly once");
        }
        // Only the value changes: the line keeps the writer's no-break spaces around it.
        String document = seed.substring(0, at) + scoreLineValue + seed.substring(at + SEED_SCORE.length());
        return parse(document.getBytes(StandardCharsets.UTF_8), SourceFormat.TEXT);
    }

    /** The seed review as ingest and scoring (house scale) make it: what publish receives. */
    static AssessedReview seedScored() {
        Review review = parse(bytes(SEED), SourceFormat.TEXT);
        return accepted(new Scorer(VerdictScale.preset("house")).score(review), "scoring the seed");
    }

    static <T> T accepted(Outcome<T> outcome, String what) {
        if (outcome instanceof Outcome.Accepted<T> accepted) {
            return accepted.value();
        }
        throw new IllegalStateException(what + " was rejected: " + ((Outcome.Rejected<T>) outcome).problem());
    }
}
