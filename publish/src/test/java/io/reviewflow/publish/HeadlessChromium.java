package io.reviewflow.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium process driven over the Chrome DevTools Protocol, with a fresh profile in a temporary
 * directory. {@link #close()} always ends the browser and every process it started, and deletes the
 * directory; a shutdown hook does the same if the JVM exits first.
 *
 * <p>The executable is {@code /usr/bin/chromium} (Debian's {@code chromium} package) unless the system
 * property {@value #EXECUTABLE_PROPERTY} names another.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String EXECUTABLE_PROPERTY = "reviewflow.chromium";
    static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);
    private static final int VIEWPORT_WIDTH = 1024;
    private static final int VIEWPORT_HEIGHT = 768;

    private final Process process;
    private final Path directory;
    private final CdpConnection cdp;
    private final Thread shutdownHook;

    private HeadlessChromium(Process process, Path directory, CdpConnection cdp, Thread shutdownHook) {
        this.process = process;
        this.directory = directory;
        this.cdp = cdp;
        this.shutdownHook = shutdownHook;
    }

    /** The Chromium executable, if it is installed. */
    static Optional<Path> executable() {
        Path path = Path.of(System.getProperty(EXECUTABLE_PROPERTY, DEFAULT_EXECUTABLE.toString()));
        return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }

    /** One line saying what is missing and how to get it. */
    static String notInstalledMessage() {
        return "Chromium not found at " + System.getProperty(EXECUTABLE_PROPERTY, DEFAULT_EXECUTABLE.toString())
                + ": install it with `apt-get install chromium` (Debian), or run with"
                + " -Dreviewflow.browser.tests=skip to skip the browser tests";
    }

    /** Starts Chromium and connects to it; fails within about 20 s if it does not come up. */
    static HeadlessChromium launch(Path executable) {
        Path directory;
        try {
            directory = Files.createTempDirectory("reviewflow-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path profile = directory.resolve("profile");
        Path log = directory.resolve("chromium.log");
        List<String> command = List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                // Without these Chromium phones home, and on a closed network its refused connections
                // stall start-up and fill the log.
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                // Containers often have a 64 MB /dev/shm, which crashes renderers; Debian's launcher means to
                // add this flag itself but its size check is not reliable.
                "--disable-dev-shm-usage",
                "--no-proxy-server",
                // A page navigated away from must be gone, not frozen in the cache and able to report later.
                "--disable-back-forward-cache",
                "--hide-scrollbars",
                "--mute-audio",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank");
        Process process;
        try {
            // Output goes to a file: Chromium logs a lot, and an undrained pipe would block it.
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            deleteQuietly(directory);
            throw new UncheckedIOException("could not start " + executable, e);
        }
        Thread shutdownHook = new Thread(() -> {
            kill(process);
            deleteQuietly(directory);
        }, "chromium-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            URI browser = awaitDevTools(process, profile, log);
            return new HeadlessChromium(process, directory, new CdpConnection(browser), shutdownHook);
        } catch (RuntimeException e) {
            kill(process);
            deleteQuietly(directory);
            removeShutdownHook(shutdownHook);
            throw e;
        }
    }

    /** A new tab with a 1024 × 768 viewport. */
    ChromiumPage openPage() {
        return ChromiumPage.open(cdp, VIEWPORT_WIDTH, VIEWPORT_HEIGHT);
    }

    @Override
    public void close() {
        try {
            cdp.close();
        } finally {
            kill(process);
            deleteQuietly(directory);
            removeShutdownHook(shutdownHook);
        }
    }

    /**
     * Waits for Chromium to write the port it chose to {@code DevToolsActivePort} in its profile: the port,
     * then the browser target's path, one per line.
     */
    private static URI awaitDevTools(Process process, Path profile, Path log) {
        Path activePort = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Chromium exited with code " + process.exitValue()
                        + " before DevTools was ready; its log ends:\n" + tail(log));
            }
            List<String> lines = readLines(activePort);
            if (lines.size() >= 2 && !lines.get(1).isBlank()) {
                return URI.create("ws://127.0.0.1:" + lines.get(0).strip() + lines.get(1).strip());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Chromium to start", e);
            }
        }
        throw new IllegalStateException("Chromium did not open its DevTools port within "
                + STARTUP_TIMEOUT.toSeconds() + " s; its log ends:\n" + tail(log));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(); // not written yet
        }
    }

    private static String tail(Path log) {
        List<String> lines = readLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /**
     * Asks Chromium to stop (SIGTERM), then kills whatever is left. Its helper processes are listed first:
     * once the browser process is gone they are no longer its descendants and could not be found.
     */
    private static void kill(Process process) {
        List<ProcessHandle> helpers = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle helper : helpers) {
            helper.destroyForcibly();
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, and the hook is doing the same work.
        }
    }

    private static void deleteQuietly(Path directory) {
        // A helper process that is still dying may write one last file; a second pass removes it.
        for (int attempt = 0; attempt < 3 && Files.exists(directory); attempt++) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        // Retried below.
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // Retried below.
            }
            if (Files.exists(directory)) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
