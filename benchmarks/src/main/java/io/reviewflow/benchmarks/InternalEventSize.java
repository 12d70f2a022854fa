package io.reviewflow.benchmarks;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.SubmissionPosition;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The encoded size of the seed review's events on the internal topics {@code reviews.ingested} and
 * {@code reviews.scored}, as ingest and scoring write them (the submission without its document, and
 * where it is) and as they were when every event carried the whole submission (no position).
 *
 * <p>{@code mvn -q -o -pl benchmarks -am package -DskipTests && java -cp benchmarks/target/benchmarks.jar io.reviewflow.benchmarks.InternalEventSize}
 */
public final class InternalEventSize {

    private InternalEventSize() {}

    public static void main(String[] args) {
        // First, so that Avro trusts the generated classes (AvroCodec) before any record is copied.
        Topics.SUBMITTED.codec();
        AssessedReview scored = Samples.seedScored();
        byte[] document = Samples.bytes(Samples.SEED);
        // Fixed ids, time and position, so the numbers repeat run to run.
        Instant at = Instant.parse("2026-12-05T12:00:00Z");
        ReviewSubmission whole = new ReviewSubmission("5a7c2f4e-1b3d-4e6f-8a9b-0c1d2e3f4a5b",
                "0b9f8f1e-5d0c-4f8e-9a51-6a3a4c2e7d10", "writer-42", ReviewAction.SUBMIT, 1, null,
                ByteBuffer.wrap(document), Samples.SEED, at);
        SubmissionPosition position = new SubmissionPosition(2, 1_234_567L);
        ReviewSubmission lean = ReviewRecords.withoutDocument(whole);

        int ingestedBefore = Topics.INGESTED.codec().encode(
                new IngestedReview(whole, null, ReviewRecords.toAvro(scored.review()), at)).length;
        int ingestedAfter = Topics.INGESTED.codec().encode(
                new IngestedReview(lean, position, ReviewRecords.toAvro(scored.review()), at)).length;
        int scoredBefore = Topics.SCORED.codec().encode(new ScoredReview(whole, null, ReviewRecords.toAvro(scored.review()),
                ReviewRecords.toAvro(scored.score()), ReviewRecords.toAvro(scored.verdict()), at)).length;
        int scoredAfter = Topics.SCORED.codec().encode(new ScoredReview(lean, position, ReviewRecords.toAvro(scored.review()),
                ReviewRecords.toAvro(scored.score()), ReviewRecords.toAvro(scored.verdict()), at)).length;

        System.out.printf("Internal events of samples/%s (a %,d-byte document), Avro single-object encoding%n",
                Samples.SEED, document.length);
        System.out.printf("%-24s %10s %10s%n", "encoded bytes of", "before", "after");
        row("IngestedReview", ingestedBefore, ingestedAfter);
        row("ScoredReview", scoredBefore, scoredAfter);
        int saved = ingestedBefore + scoredBefore - ingestedAfter - scoredAfter;
        System.out.printf("the two events are %,d bytes (%.0f%%) smaller per review%n", saved,
                100.0 * saved / (ingestedBefore + scoredBefore));
    }

    private static void row(String what, int before, int after) {
        System.out.printf("%-24s %,10d %,10d%n", what, before, after);
    }
}
