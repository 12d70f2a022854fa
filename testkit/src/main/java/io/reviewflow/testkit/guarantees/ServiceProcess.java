package io.reviewflow.testkit.guarantees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service in its own JVM, started from this JVM's class path, so a test can kill it the way
 * production does: SIGKILL mid-batch, or SIGTERM for a clean stop. Output goes to a log file.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String name;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** A service with the production heap budget: 256 MiB. */
    public static ServiceProcess start(String name, String mainClass, List<String> args, Path logDirectory) {
        return start(name, mainClass, List.of("-Xmx256m", "-XX:+UseSerialGC"), args, logDirectory);
    }

    public static ServiceProcess start(String name, String mainClass, List<String> jvmOptions, List<String> args,
                                       Path logDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        Path log = logDirectory.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            // A child must not outlive the test JVM, even one stopped half-way (Ctrl-C, a timeout).
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-reaper"));
            return new ServiceProcess(name, process, log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** SIGKILL: no shutdown hook, no clean close, an open transaction left behind. */
    public void kill() {
        process.destroyForcibly();
        waitFor(10);
    }

    /** SIGTERM: the service's shutdown hook runs; returns how long it took to exit, in milliseconds. */
    public long terminate(long timeoutSeconds) {
        long started = System.nanoTime();
        process.destroy();
        if (!waitFor(timeoutSeconds)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within " + timeoutSeconds + " s of SIGTERM; log: " + log);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** SIGSTOP: the process stands still, sockets open, as under a long pause or a hung host, until {@link #resume}. */
    public void suspend() {
        signal("STOP");
    }

    /** SIGCONT: a suspended process carries on where it stood. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited " + kill.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signalling " + name, e);
        }
    }

    /**
     * Waits until the process has logged {@code text} (a service that its loop started, a broker that
     * it is ready); fails, naming the log, if it exits first or {@code timeout} passes.
     */
    public void awaitLog(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (Files.exists(log) && Files.readString(log).contains(text)) {
                    return;
                }
            } catch (IOException e) {
                // Being written: look again.
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited before logging '" + text + "'; log: " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' from " + name + " within " + timeout.toSeconds() + " s; log: " + log);
            }
            Thread.sleep(100);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public int exitCode() {
        return process.exitValue();
    }

    public Path log() {
        return log;
    }

    private boolean waitFor(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(10);
        }
    }

}
