package io.reviewflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The shared sample documents ({@code ../shared/samples}), located from the build or the working directory. */
public final class Samples {

    private Samples() {}

    public static Path directory() {
        String configured = System.getProperty("reviewflow.samples.dir");
        List<Path> candidates = configured != null
                ? List.of(Path.of(configured))
                : List.of(Path.of("../shared/samples"), Path.of("../../shared/samples"));
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
