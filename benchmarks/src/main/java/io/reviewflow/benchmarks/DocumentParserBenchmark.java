package io.reviewflow.benchmarks;

import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.SourceFormat;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest's whole domain step: bytes in, {@link Review} out (size limit, strict UTF-8, normalisation,
 * format parser, field and list limits). One operation is one document.
 *
 * <p>Target: at least {@value #TARGET_OPS_PER_SECOND} house-format documents of about 3 KiB a second on
 * one core, i.e. at most 50 µs a document. The Markdown and JSON samples can be measured for comparison
 * (see {@link Submission}); the target is stated for the house format only.
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
public class DocumentParserBenchmark {

    static final double TARGET_OPS_PER_SECOND = 20_000;

    /**
     * One sample document as submitted, with the format {@code reviewflow submit} would declare for it. By
     * default only the seed, the document the target is stated for; the Markdown and JSON samples are in the
     * jar too, for {@code -p sample=the-perfection.txt,night-ferry.md,paper-lanterns.json}.
     */
    @State(Scope.Benchmark)
    public static class Submission {

        @Param({Samples.SEED})
        public String sample;

        byte[] document;
        SourceFormat format;
        DocumentParser parser;

        @Setup
        public void load() {
            document = Samples.bytes(sample);
            format = Samples.formatOf(sample);
            parser = new DocumentParser(IngestLimits.defaults());
            // Fail now, not after minutes of timing the rejection path.
            Samples.parse(document, format);
        }
    }

    /**
     * The floor under any parser of a line-based document: decode the bytes as UTF-8 and cut the text into
     * lines. The parse benchmark is read as a multiple of this one, measured in the same run.
     */
    @Benchmark
    public List<String> baselineDecodeAndSplitLines(Submission submission) {
        String text = new String(submission.document, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        int from = 0;
        for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', from)) {
            lines.add(text.substring(from, end));
            from = end + 1;
        }
        lines.add(text.substring(from));
        return lines;
    }

    /** Parse and validate: exactly what the ingest stage calls for each submission. */
    @Benchmark
    public Outcome<Review> parse(Submission submission) {
        return submission.parser.parse(submission.document, submission.format);
    }
}
