package io.reviewflow.benchmarks;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.Rendering;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.AssessedReview;
import io.reviewflow.publish.PublicationInfo;
import io.reviewflow.publish.ReviewPage;
import io.reviewflow.publish.ReviewRenderer;
import io.reviewflow.publish.Slugs;
import io.reviewflow.publish.service.PublishStage;
import io.reviewflow.schemas.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The encoded size of the seed review's published event, as publish writes it and as it was when the
 * event carried the page: what one review costs on {@code reviews.published}, field by field.
 * "Before" is the same event with the page filled in by {@link ReviewPage}, which assembles exactly the
 * page publish used to write (ReviewPage's tests and the XSS corpus compare them).
 *
 * <p>{@code mvn -q -o -pl benchmarks -am package -DskipTests && java -cp benchmarks/target/benchmarks.jar io.reviewflow.benchmarks.PublishedEventSize}
 */
public final class PublishedEventSize {

    private PublishedEventSize() {}

    public static void main(String[] args) {
        // First, so that Avro trusts the generated classes (AvroCodec) before any record is copied.
        AvroCodec<PublishedReview> codec = Topics.PUBLISHED.codec();
        AssessedReview scored = Samples.seedScored();
        // Fixed ids and time, so the numbers repeat run to run.
        String reviewId = "0b9f8f1e-5d0c-4f8e-9a51-6a3a4c2e7d10";
        Instant at = Instant.parse("2026-12-04T12:00:00Z");
        PublicationInfo info = new PublicationInfo(reviewId, "writer-42", 1,
                Slugs.slugFor(scored.review().title(), reviewId), at);
        PublishedReview after = PublishStage.event(info, "5a7c2f4e-1b3d-4e6f-8a9b-0c1d2e3f4a5b", at,
                ReviewRecords.toAvro(scored.review()), ReviewRecords.toAvro(scored.score()),
                ReviewRecords.toAvro(scored.verdict()), new ReviewRenderer().render(scored, info));
        PublishedReview before = PublishedReview.newBuilder(after)
                .setRendering(Rendering.newBuilder(after.getRendering()).setHtmlPage(new ReviewPage().of(after)).build())
                .build();

        int document = Samples.bytes(Samples.SEED).length;
        System.out.printf("PublishedReview of samples/%s (a %,d-byte document), Avro single-object encoding%n",
                Samples.SEED, document);
        System.out.printf("%-24s %10s %10s%n", "UTF-8 bytes of", "before", "after");
        row("rendering.htmlPage", utf8(before.getRendering().getHtmlPage()), utf8(after.getRendering().getHtmlPage()));
        row("rendering.htmlFragment", utf8(before.getRendering().getHtmlFragment()), utf8(after.getRendering().getHtmlFragment()));
        row("rendering.markdown", utf8(before.getRendering().getMarkdown()), utf8(after.getRendering().getMarkdown()));
        row("rendering.jsonLd", utf8(before.getRendering().getJsonLd()), utf8(after.getRendering().getJsonLd()));
        int beforeBytes = codec.encode(before).length;
        int afterBytes = codec.encode(after).length;
        row("whole encoded event", beforeBytes, afterBytes);
        System.out.printf("the event is %,d bytes (%.0f%%) smaller, %.1fx the document instead of %.1fx%n",
                beforeBytes - afterBytes, 100.0 * (beforeBytes - afterBytes) / beforeBytes,
                (double) afterBytes / document, (double) beforeBytes / document);
    }

    private static void row(String what, int before, int after) {
        System.out.printf("%-24s %,10d %,10d%n", what, before, after);
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
