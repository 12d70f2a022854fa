package io.reviewflow.benchmarks.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.benchmarks.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.ToIntFunction;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The bench's documents must not flatter a pipeline that compresses its records: each compresses no
 * better than the samples' real prose does, under the codecs Kafka offers. Seen to fail with the body
 * of ten repeated sentences the generator had before: LZ4 2.4x and zstd 3.5x per document against the
 * samples' 1.2x and 1.8x.
 */
class SyntheticReviewsTest {

    private static final List<String> SAMPLES = List.of("the-perfection.txt", "the-quiet-orbit.txt", "night-ferry.md",
            "front-matter.md", "paper-lanterns.json", "missing-score.txt", "score-out-of-range.txt");
    /** Room for the generator's randomness; the samples are few. */
    private static final double TOLERANCE = 1.10;

    @Test
    void documentsCompressNoBetterThanTheSamplesUnderLz4() {
        assertNoBetterThanSamples("lz4", SyntheticReviewsTest::lz4Size);
    }

    @Test
    void documentsCompressNoBetterThanTheSamplesUnderZstd() {
        assertNoBetterThanSamples("zstd", bytes -> com.github.luben.zstd.Zstd.compress(bytes, 3).length);
    }

    private static void assertNoBetterThanSamples(String codec, ToIntFunction<byte[]> compressedSize) {
        double samples = ratio(SAMPLES.stream().map(Samples::bytes).toList(), compressedSize);
        double synthetic = ratio(SyntheticReviews.generate(200, 0.05, 7).stream().map(SyntheticReviews.Document::bytes).toList(),
                compressedSize);
        assertTrue(synthetic <= samples * TOLERANCE, codec + ": synthetic documents compress " + String.format("%.2f", synthetic)
                + "x, the samples " + String.format("%.2f", samples) + "x");
    }

    /** Total bytes over total compressed bytes, each document compressed on its own. */
    private static double ratio(List<byte[]> documents, ToIntFunction<byte[]> compressedSize) {
        long raw = 0;
        long compressed = 0;
        for (byte[] document : documents) {
            raw += document.length;
            compressed += compressedSize.applyAsInt(document);
        }
        return (double) raw / compressed;
    }

    private static int lz4Size(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out)) {
            lz4.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.size();
    }
}
