package io.reviewflow.benchmarks;

import io.reviewflow.domain.AssessedReview;
import io.reviewflow.domain.Caption;
import io.reviewflow.domain.Review;
import io.reviewflow.publish.PublicationInfo;
import io.reviewflow.publish.RenderedReview;
import io.reviewflow.publish.ReviewRenderer;
import io.reviewflow.publish.Slugs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Publish's domain step: one scored review rendered the three ways its published event carries (HTML
 * fragment, Markdown, JSON-LD). One operation is one review, all three renderings.
 *
 * <p>Target: at least {@value #TARGET_OPS_PER_SECOND} reviews a second on one core, i.e. at most 100 µs a
 * review.
 */
// Not final: JMH generates subclasses of benchmark classes and refuses final ones.
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Two forks show the spread between JVMs. A 16 s warm-up, because a whole document is a lot of code for C2:
// on the shared machine of BENCHMARKS.md, where the benchmark got ~0.4 of a core, it took 20-30 s to reach
// steady state and 5 s was far too short. On a busy machine pass a longer warm-up (-wi 15 -w 2s).
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ReviewRendererBenchmark {

    static final double TARGET_OPS_PER_SECOND = 10_000;

    /** The seed review as scoring hands it to publish, and what the publish stage adds to it. */
    @State(Scope.Benchmark)
    public static class SeedReview {

        AssessedReview scored;
        PublicationInfo info;
        ReviewRenderer renderer;
        /** Every writer string of the review, in page order: what any rendering must at least escape. */
        String[] writerText;

        @Setup
        public void load() {
            scored = Samples.seedScored();
            String reviewId = "5f0c2a9e-3b1d-4c6e-9a57-0d2e8b4f7c13";
            info = new PublicationInfo(reviewId, "writer-17", 1,
                    Slugs.slugFor(scored.review().title(), reviewId), Instant.parse("2026-11-26T06:00:00Z"));
            // Built once, as the publish stage does: compiling the templates is start-up work, not per review.
            renderer = new ReviewRenderer();
            writerText = writerText(scored);
        }

        private static String[] writerText(AssessedReview scored) {
            Review review = scored.review();
            List<String> text = new ArrayList<>();
            text.add(review.title());
            text.add(review.headline());
            text.add(review.platform());
            for (Caption caption : review.captions()) {
                text.add(caption.work());
                text.add(caption.platform());
                text.add(caption.caption());
            }
            text.addAll(review.worthWatchingIf());
            text.addAll(review.notWorthWatchingIf());
            text.addAll(review.pros());
            text.addAll(review.cons());
            text.add(scored.score().raw());
            text.add(scored.verdict().label());
            text.add(scored.verdict().writerLabel());
            text.add(review.summary());
            text.addAll(review.body());
            text.removeIf(s -> s == null);
            return text.toArray(String[]::new);
        }
    }

    /**
     * The floor of rendering the review as HTML at all: each writer string HTML-escaped once, with a
     * trivial loop, into one buffer. The real renderer does this and much more, four times over.
     */
    @Benchmark
    public String baselineEscapeTextOnce(SeedReview seed) {
        StringBuilder out = new StringBuilder(4096);
        for (String text : seed.writerText) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '&' -> out.append("&amp;");
                    case '<' -> out.append("&lt;");
                    case '>' -> out.append("&gt;");
                    case '"' -> out.append("&quot;");
                    case '\'' -> out.append("&#39;");
                    default -> out.append(c);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** All four renderings: exactly what the publish stage calls for each scored review. */
    @Benchmark
    public RenderedReview render(SeedReview seed) {
        return seed.renderer.render(seed.scored, seed.info);
    }
}
