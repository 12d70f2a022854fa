package io.reviewflow.publish;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver through Selenium WebDriver, with a fresh
 * profile in a temporary directory. {@link #close()} ends the browser and the driver and deletes the
 * directory; a shutdown hook does the same if the JVM exits first.
 *
 * <p>Both paths are given to Selenium, so Selenium Manager is never run and nothing is downloaded:
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} unless the system properties
 * {@value #EXECUTABLE_PROPERTY} and {@value #DRIVER_PROPERTY} name others.
 */
final class HeadlessChromium implements AutoCloseable {

    static final String EXECUTABLE_PROPERTY = "reviewflow.chromium";
    static final String DRIVER_PROPERTY = "reviewflow.chromedriver";

    /**
     * How long a page may take to load (and chromedriver to answer, twice that); a hung browser fails the test,
     * never hangs it. Scripts run under Selenium's own BiDi timeout and the test class's 30 s per test.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Path DEFAULT_EXECUTABLE = Path.of("/usr/bin/chromium");
    private static final Path DEFAULT_DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path directory;
    private final Thread shutdownHook;

    /** Where the browser and its driver are. */
    record Installation(Path executable, Path driver) {}

    private HeadlessChromium(ChromeDriver driver, Path directory, Thread shutdownHook) {
        this.driver = driver;
        this.directory = directory;
        this.shutdownHook = shutdownHook;
    }

    /** Chromium and chromedriver, if both are installed. */
    static Optional<Installation> installation() {
        Installation installation = new Installation(executablePath(), driverPath());
        boolean installed = Files.isExecutable(installation.executable()) && Files.isExecutable(installation.driver());
        return installed ? Optional.of(installation) : Optional.empty();
    }

    /** One line saying what is missing and how to get it. */
    static String notInstalledMessage() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(executablePath())) {
            missing.add("Chromium not found at " + executablePath());
        }
        if (!Files.isExecutable(driverPath())) {
            missing.add("chromedriver not found at " + driverPath());
        }
        return String.join(" and ", missing)
                + ": install both with `apt-get install chromium chromium-driver` (Debian), or run with"
                + " -Dreviewflow.browser.tests=skip to skip the browser tests";
    }

    /** Starts chromedriver and, through it, Chromium with one blank tab. */
    static HeadlessChromium launch(Installation installation) {
        Path directory;
        try {
            directory = Files.createTempDirectory("reviewflow-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(installation.driver().toFile())
                .usingAnyFreePort()
                // chromedriver's log, with Chromium's own output, goes to a file: both are chatty.
                .withLogFile(directory.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options(installation.executable(), directory.resolve("profile")),
                    ClientConfig.defaultConfig().readTimeout(TIMEOUT.multipliedBy(2)));
        } catch (RuntimeException e) {
            service.stop();
            String log = tail(directory.resolve("chromedriver.log"));
            deleteQuietly(directory);
            throw new IllegalStateException("could not start Chromium through " + installation.driver() + ": "
                    + e.getMessage() + "\nchromedriver's log ends:\n" + log, e);
        }
        Thread shutdownHook = new Thread(() -> quit(driver, directory), "chromium-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        return new HeadlessChromium(driver, directory, shutdownHook);
    }

    /** The browser's one tab, with a 1024 × 768 viewport. */
    ChromiumPage page() {
        return ChromiumPage.of(driver, 1024, 768);
    }

    @Override
    public void close() {
        quit(driver, directory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, and the hook is doing the same work.
        }
    }

    private static ChromeOptions options(Path executable, Path profile) {
        ChromeOptions options = new ChromeOptions()
                .setBinary(executable.toFile())
                .addArguments(
                        "--headless=new",
                        "--disable-gpu",
                        // Without these Chromium phones home, and on a closed network its refused connections
                        // stall start-up and fill the log.
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-first-run",
                        // Even so, Debian's Chromium (built with Google's API keys, remote extensions allowed)
                        // looks up accounts.google.com, update.googleapis.com and clients2.google.com at start:
                        // every name but the test server's address is "not found", so nothing leaves the machine.
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                        // Containers often have a 64 MB /dev/shm, which crashes renderers; Debian's launcher means
                        // to add this flag itself but its size check is not reliable.
                        "--disable-dev-shm-usage",
                        "--no-proxy-server",
                        // A page navigated away from must be gone, not frozen in the cache and able to report later.
                        "--disable-back-forward-cache",
                        "--hide-scrollbars",
                        "--mute-audio",
                        "--user-data-dir=" + profile);
        if (new UnixSystem().getUid() == 0) {
            // Chromium refuses to start its sandbox as root (CI runs as root); anyone else keeps the sandbox.
            options.addArguments("--no-sandbox");
        }
        // WebDriver BiDi, the W3C protocol, for what classic WebDriver cannot do: report each dialog as it
        // opens, set the layout viewport, and capture the whole page. Unlike Selenium's CDP support it needs
        // no artifact matched to Chromium's major version, so a Chromium upgrade from Debian breaks nothing.
        options.enableBiDi();
        // Left open for the page's prompt listener, which records each dialog and then dismisses it.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
        options.setPageLoadTimeout(TIMEOUT);
        options.setScriptTimeout(TIMEOUT);
        // chromedriver's browser log: console calls, uncaught exceptions and the browser's own log entries
        // (CSP violations, failed loads). BiDi's log module reports only the first two, so this long-standing
        // chromedriver capability, also free of Chromium's version, is the one that sees everything the page
        // reports. chromedriver gets these reports and the BiDi replies over its one DevTools connection and
        // handles the events it has received before answering for the log, so whatever the page reported
        // before a script returned is in the log read after it.
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        return options;
    }

    private static Path executablePath() {
        return Path.of(System.getProperty(EXECUTABLE_PROPERTY, DEFAULT_EXECUTABLE.toString()));
    }

    private static Path driverPath() {
        return Path.of(System.getProperty(DRIVER_PROPERTY, DEFAULT_DRIVER.toString()));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(none)";
        }
    }

    private static void quit(ChromeDriver driver, Path directory) {
        try {
            driver.quit(); // ends Chromium, its helper processes and chromedriver
        } catch (RuntimeException e) {
            // Already gone; the directory goes all the same.
        } finally {
            deleteQuietly(directory);
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
