package io.reviewflow.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, drawn only for a person at a terminal and only when
 * there is enough to wait for; scripts and pipes see nothing of it.
 */
final class ProgressBar {

    /** Below this many items the work is over before a bar would help. */
    static final int MINIMUM_ITEMS = 5;
    private static final int WIDTH = 30;

    private final String label;
    private final int total;
    private final PrintStream err;
    private int done;

    private ProgressBar(String label, int total, PrintStream err) {
        this.label = label;
        this.total = total;
        this.err = err;
    }

    static ProgressBar forCount(String label, int total) {
        boolean shown = total > MINIMUM_ITEMS && System.console() != null;
        return new ProgressBar(label, total, shown ? System.err : null);
    }

    void advance() {
        done++;
        if (err != null) {
            int filled = (int) ((long) WIDTH * done / total);
            err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
            err.flush();
        }
    }

    void done() {
        if (err != null) {
            err.println();
        }
    }
}
