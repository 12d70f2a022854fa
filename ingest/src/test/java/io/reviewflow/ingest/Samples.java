package io.reviewflow.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample documents ({@code samples/} at the top of the repository), found wherever the build runs the tests from. */
final class Samples {

    private Samples() {}

    static Path dir() {
        String configured = System.getProperty("reviewflow.samples.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String candidate : new String[] {"../samples", "samples"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("samples directory not found; set -Dreviewflow.samples.dir");
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Every review document (not expected.json). */
    static List<String> documentNames() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("expected.json"))
                    .filter(n -> n.endsWith(".txt") || n.endsWith(".md") || n.endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
