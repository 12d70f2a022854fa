package io.reviewflow.testkit.guarantees;

import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;

/**
 * One scenario's seeded load for a pipeline, and the judge of what the pipeline made of it: the
 * pipeline's half of the guarantee suite's contract besides its services. Reviews:
 * {@link ReviewLoad}; another pipeline sends its own input and judges its own outcome topics.
 */
public interface Load {

    /** Records the load sends. */
    int size();

    /**
     * The key prefix of every record of this run, unique to it, so a judge reads back only its own
     * run from a broker that has seen others, and the suite keys its poison records within it.
     */
    String keyPrefix();

    /**
     * Sends the load in the background to the pipeline's input, at most {@code perSecond} (0: flat
     * out), calling {@code progress} with the count sent so far after each send; completes once
     * every send is acknowledged.
     */
    CompletableFuture<?> start(String bootstrapServers, int perSecond, IntConsumer progress);

    /** Waits until the pipeline has drained the load (a few minutes at most) and judges its outcome topics. */
    Judgement judge(String bootstrapServers);
}
