package io.reviewflow.testkit.guarantees;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Points in a load at which a scenario injects its fault: fractions of the workload sent. Fed by the
 * {@link LoadDriver}'s progress, awaited by the scenario.
 */
public final class Milestones implements IntConsumer {
    private final int total;
    private final double[] fractions;
    private final CountDownLatch[] latches;

    public Milestones(int total, double... fractions) {
        this.total = total;
        this.fractions = fractions.clone();
        this.latches = new CountDownLatch[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            latches[i] = new CountDownLatch(1);
        }
    }

    @Override
    public void accept(int sent) {
        for (int i = 0; i < fractions.length; i++) {
            if (sent >= total * fractions[i]) {
                latches[i].countDown();
            }
        }
    }

    public boolean reached(int index) {
        return latches[index].getCount() == 0;
    }

    /** Waits until the load has reached milestone {@code index}; five minutes at most. */
    public void await(int index) throws InterruptedException {
        if (!latches[index].await(5, TimeUnit.MINUTES)) {
            throw new AssertionError("the load never reached " + fractions[index]);
        }
    }
}
