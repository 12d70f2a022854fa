package io.reviewflow.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from this one the way production runs a broker or a service: a process of its own,
 * its output in a log file, signalled as an operator or a failing host would (SIGTERM, SIGKILL,
 * SIGSTOP, SIGCONT). The guarantee suite kills and pauses brokers and services this way, and the
 * pipeline bench reads their CPU time ({@link ProcessHandle.Info#totalCpuDuration}: all threads, GC
 * and JIT included). It lives beside the broker because both start brokers and both depend on this
 * module.
 */
public final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    /** Where this process's output begins in the log: a restarted child appends to its predecessor's. */
    private final long logStart;

    private ChildJvm(String name, Process process, Path log, long logStart) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * {@code java JAVA_ARGUMENTS...} with this JVM's own {@code java}, its output appended to
     * {@code logDirectory/NAME.log}: a restarted child goes on in its predecessor's log.
     */
    public static ChildJvm start(String name, List<String> javaArguments, Path logDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaArguments);
        Path log = logDirectory.resolve(name + ".log");
        try {
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            // A child must not outlive its parent, even one stopped half-way (Ctrl-C, a test's timeout): a
            // broker left behind holds its port and data. SIGKILL, since a paused child ignores SIGTERM.
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-reaper"));
            return new ChildJvm(name, process, log, logStart);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    /** The JVM arguments that run {@code mainClass} from this JVM's own class path. */
    public static List<String> onThisClassPath(String mainClass) {
        return List.of("-cp", System.getProperty("java.class.path"), mainClass);
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** The operating system's process id: where its threads are in {@code /proc}. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** @throws IllegalStateException if it is still running */
    public int exitCode() {
        return process.exitValue();
    }

    /** @throws IllegalStateException naming the exit code and the log, if the process has ended */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; its log: " + log);
        }
    }

    /** CPU seconds the process has used so far, all its threads; NaN where the OS does not say. */
    public double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * The first line this process logged containing {@code text} (a service that its loop started, a
     * broker that it is ready), waiting up to {@code timeout}; a predecessor's lines earlier in the same
     * log do not count. Throws, naming the log, if the process exits first or the time runs out.
     */
    public String awaitLogLine(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (Files.exists(log)) {
                    byte[] bytes = Files.readAllBytes(log);
                    String ours = new String(bytes, (int) Math.min(logStart, bytes.length),
                            (int) Math.max(0, bytes.length - logStart), StandardCharsets.UTF_8);
                    for (String line : ours.split("\n")) {
                        if (line.contains(text)) {
                            return line;
                        }
                    }
                }
            } catch (IOException e) {
                // Being written: look again.
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before logging '" + text
                        + "'; its log: " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + text + "' from " + name + " within " + timeout.toSeconds() + " s; its log: " + log);
            }
            Thread.sleep(100);
        }
    }

    /** SIGKILL: no shutdown hook, no clean close, an open transaction left behind; returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        waitFor(10);
    }

    /**
     * SIGTERM: its shutdown hook runs; returns how long it took to exit, in milliseconds.
     *
     * @throws IllegalStateException after SIGKILLing it, if it did not exit within {@code timeoutSeconds}
     */
    public long terminate(long timeoutSeconds) {
        long started = System.nanoTime();
        process.destroy();
        if (!waitFor(timeoutSeconds)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not stop within " + timeoutSeconds + " s of SIGTERM; its log: " + log);
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

    /** SIGKILL if still running: a test's clean-up, which must not wait for a graceful stop. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    /**
     * SIGTERM to all, last first (downstream first, as a pipeline stops), then waits up to 15 s for each
     * and SIGKILLs what is left: a graceful stop where nothing is under test.
     */
    public static void stopAll(List<ChildJvm> jvms) {
        for (int i = jvms.size() - 1; i >= 0; i--) {
            jvms.get(i).process.destroy();
        }
        for (ChildJvm jvm : jvms) {
            if (!jvm.waitFor(15)) {
                jvm.process.destroyForcibly();
            }
        }
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

    private boolean waitFor(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
