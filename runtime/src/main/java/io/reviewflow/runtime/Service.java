package io.reviewflow.runtime;

/** A long-running part of the pipeline that can be started and stopped, as the launcher and tests see it. */
public interface Service extends AutoCloseable {

    String name();

    void start();

    /** Stops processing, finishing or aborting the open transaction, and releases the Kafka clients. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
