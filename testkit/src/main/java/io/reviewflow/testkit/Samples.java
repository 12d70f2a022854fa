package io.reviewflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The sample documents ({@code samples/} at the top of the repository), located from the build or the working directory. */
public final class Samples {

    private Samples() {}

    public static Path directory() {
        String configured = System.getProperty("reviewflow.samples.dir");
        List<Path> candidates = configured != null
                ? List.of(Path.of(configured))
                : List.of(Path.of("../samples"), Path.of("samples"));
        for (Path candidate : candidates) {
            if (Files.isDirectory(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("sample documents not found; looked in " + candidates);
    }

    public static Path path(String name) {
        return directory().resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
