package io.reviewflow.benchmarks;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.ScoredReview;
import io.reviewflow.contract.Topics;

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
        // The seed's events as AvroCodecBenchmark times them: as written now, and with the whole submission and
        // no position, as they were written before IngestedReview and ScoredReview v2.
        IngestedReview ingested = AvroCodecBenchmark.ingested();
        ScoredReview scored = AvroCodecBenchmark.scored();
        ReviewSubmission whole = AvroCodecBenchmark.submission();
        byte[] document = Samples.bytes(Samples.SEED);
        int ingestedAfter = Topics.INGESTED.codec().encode(ingested).length;
        int ingestedBefore = Topics.INGESTED.codec().encode(
                IngestedReview.newBuilder(ingested).setSubmission(whole).setSubmissionPosition(null).build()).length;
        int scoredAfter = Topics.SCORED.codec().encode(scored).length;
        int scoredBefore = Topics.SCORED.codec().encode(
                ScoredReview.newBuilder(scored).setSubmission(whole).setSubmissionPosition(null).build()).length;

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
