package io.reviewflow.benchmarks.pipeline;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn four times a second while a phase runs. */
final class ProgressBar implements AutoCloseable {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final Phase phase;
    private final long started = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;

    ProgressBar(PrintStream out, String label, Phase phase) {
        this.out = out;
        this.label = label;
        this.phase = phase;
        this.thread = new Thread(() -> {
            while (running) {
                draw();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-progress");
        thread.setDaemon(true);
        thread.start();
    }

    private void draw() {
        int done = phase.outcomes.get();
        int total = phase.size();
        int filled = (int) ((long) WIDTH * done / Math.max(1, total));
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("\r%-28s [%s%s] %6d/%d done, %6d sent, %5.1f s, %6.0f/s ", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, phase.sent.get(), seconds, done / Math.max(seconds, 1e-3));
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
        out.println();
    }
}
