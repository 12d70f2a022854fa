package io.reviewflow.testkit.guarantees;

import java.util.concurrent.TimeUnit;

/**
 * An open-loop send rate, as writers produce: the n-th send is due n / rate after the first,
 * whatever the pipeline does meanwhile, so a slow pipeline meets a backlog instead of a sender
 * that slows down with it. Zero per second is flat out.
 */
public final class OpenLoopPace {

    private final int perSecond;
    private final long started = System.nanoTime();

    public OpenLoopPace(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Waits until {@code sent} sends are due; returns at once flat out or when behind. */
    public void awaitDue(int sent) throws InterruptedException {
        if (perSecond <= 0) {
            return;
        }
        long wait = started + TimeUnit.SECONDS.toNanos(sent) / perSecond - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
