package io.reviewflow.benchmarks;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import io.reviewflow.scoring.ScoreParser;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scoring's domain step over a realistic mix of scores as writers type them. One operation is one score:
 * each invocation goes once through the whole mix, so no single notation's branch or allocation
 * pattern flatters the number, and {@link OperationsPerInvocation} divides it back to one score.
 *
 * <p>Target: at least {@value #TARGET_OPS_PER_SECOND} scores (parse + normalise + verdict) a second on one
 * core, i.e. at most 1 µs a score.
 */
// Not final: JMH generates subclasses of benchmark classes and refuses final ones.
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Two forks show the spread between JVMs. A 10 s warm-up: with 5 s the scorer was still getting faster
// during measurement on the shared machine of BENCHMARKS.md.
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ScorerBenchmark {

    static final double TARGET_OPS_PER_SECOND = 1_000_000;

    /**
     * The score line values of the mix, as a writer types them after {@code score:}, each beside the
     * number a plain {@code Double.parseDouble} baseline reads for it (the written number, with a decimal
     * point; for stars drawn as glyphs, the star count; for letter grades and thumbs, the 0–100 value they
     * stand for). Percentages, fractions and stars dominate, as in the samples; one in sixteen is out of
     * range and rejected, and three carry a writer label that disagrees with the house scale.
     */
    static final String[][] MIX = {
            {"60% CHILLIN", "60"},
            {"7,5/10 BINGE IT", "7.5"},
            {"4/5 BINGE IT", "4"},
            {"★★★½ CHILLIN", "3.5"},
            {"B+ BINGE IT", "83"},
            {"thumbs up", "100"},
            {"3.5 stars CHILLIN", "3.5"},
            {"12/10 MUST WATCH", "12"},
            {"85%", "85"},
            {"8/10 MUST WATCH", "8"},
            {"★★ SNOOZER", "2"},
            {"4 out of 5 stars", "4"},
            {"62,5 % CHILLIN", "62.5"},
            {"A− MUST WATCH", "91"},
            {"thumbs down HARD PASS", "0"},
            {"2/5 SNOOZER", "2"},
    };

    static final int MIX_SIZE = 16;

    /** The mix made real: the seed document with each score line, parsed by ingest. */
    @State(Scope.Benchmark)
    public static class ScoreMix {

        Review[] reviews;
        String[] scoreTexts;
        String[] numbers;
        Scorer scorer;
        ScoreParser parser;

        @Setup
        public void load() {
            if (MIX.length != MIX_SIZE) {
                throw new IllegalStateException("MIX_SIZE must equal the mix length, " + MIX.length);
            }
            scorer = new Scorer(VerdictScale.preset("house"));
            parser = new ScoreParser();
            reviews = new Review[MIX_SIZE];
            scoreTexts = new String[MIX_SIZE];
            numbers = new String[MIX_SIZE];
            int rejected = 0;
            for (int i = 0; i < MIX_SIZE; i++) {
                reviews[i] = Samples.seedWithScore(MIX[i][0]);
                // What ingest split off as the score, e.g. "7,5/10" from "7,5/10 BINGE IT".
                scoreTexts[i] = reviews[i].score().text();
                numbers[i] = MIX[i][1];
                if (scorer.score(reviews[i]) instanceof Outcome.Rejected<?>) {
                    rejected++;
                }
            }
            // The mix is meant to hold exactly one rejection (12/10); more would mean a score was misread.
            if (rejected != 1) {
                throw new IllegalStateException("expected 1 rejected score in the mix, got " + rejected);
            }
        }
    }

    /** The floor of reading any score: turning the written number into a double, nothing else. */
    @Benchmark
    @OperationsPerInvocation(MIX_SIZE)
    public void baselineParseDouble(ScoreMix mix, Blackhole blackhole) {
        for (String number : mix.numbers) {
            blackhole.consume(Double.parseDouble(number));
        }
    }

    /** The score grammar and normalisation alone, on the score text ingest split off. */
    @Benchmark
    @OperationsPerInvocation(MIX_SIZE)
    public void parseScore(ScoreMix mix, Blackhole blackhole) {
        for (String text : mix.scoreTexts) {
            blackhole.consume(mix.parser.parse(text));
        }
    }

    /** Parse, normalise and verdict: exactly what the scoring stage calls for each review. */
    @Benchmark
    @OperationsPerInvocation(MIX_SIZE)
    public void score(ScoreMix mix, Blackhole blackhole) {
        for (Review review : mix.reviews) {
            blackhole.consume(mix.scorer.score(review));
        }
    }
}
