package io.reviewflow.benchmarks.pipeline;

import java.io.PrintStream;
import java.util.function.IntSupplier;

/**
 * A phase's progress on stderr. On a terminal, a one-line bar redrawn four times a second; otherwise
 * (output to a file or a pipe, {@code System.console() == null}) a plain line every five seconds,
 * because carriage-return frames make a log unreadable.
 */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final long TERMINAL_PERIOD_MS = 250;
    private static final long LOG_PERIOD_MS = 5_000;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final IntSupplier done;
    private final IntSupplier sent;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    ProgressBar(PrintStream out, String label, Phase phase) {
        this(out, label, phase.size(), phase.outcomes::get, phase.sent::get);
    }

    /**
     * @param done how many of {@code total} are finished
     * @param sent how many have been handed over (sent is ahead of done while requests are in flight)
     */
    ProgressBar(PrintStream out, String label, int total, IntSupplier done, IntSupplier sent) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.done = done;
        this.sent = sent;
        long period = terminal ? TERMINAL_PERIOD_MS : LOG_PERIOD_MS;
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                draw();
            }
        }, "bench-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void draw() {
        int finished = done.getAsInt();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (terminal) {
            int filled = (int) ((long) WIDTH * finished / Math.max(1, total));
            out.printf("\r%-28s [%s%s] %6d/%d done, %6d sent, %5.1f s, %6.0f/s ", label, "#".repeat(filled),
                    ".".repeat(WIDTH - filled), finished, total, sent.getAsInt(), seconds, finished / Math.max(seconds, 1e-3));
        } else {
            out.printf("%s: %d/%d done, %d sent, %.1f s, %.0f/s%n", label, finished, total, sent.getAsInt(), seconds,
                    finished / Math.max(seconds, 1e-3));
        }
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw();
        if (terminal) {
            out.println();
        }
    }
}
