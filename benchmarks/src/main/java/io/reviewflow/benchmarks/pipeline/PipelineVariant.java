package io.reviewflow.benchmarks.pipeline;

import java.util.List;

/**
 * One implementation of the three hops under test, on its own topics: the bench submits to
 * {@link #submittedTopic()} and waits for one outcome per review on {@link #outcomeTopics()}.
 */
interface PipelineVariant extends AutoCloseable {

    /** reviewflow, ceiling or streams. */
    String name();

    /**
     * Whether it rejects what the pipeline rejects: the bench's plan of rejections applies to it. The
     * ceiling's identity stages reject nothing.
     */
    default boolean rejectsAsPlanned() {
        return true;
    }

    /** What the variant is, in a line, for the report. */
    String description();

    String submittedTopic();

    /** Where each review ends: its published event or its rejection. */
    List<String> outcomeTopics();

    /**
     * Leaves the variant's topics empty and freshly created with {@code partitions} partitions, and
     * its consumer groups without committed offsets: deletes whatever an earlier run left, then creates.
     */
    void prepare(TopicAdmin admin, int partitions) throws Exception;

    /** Deletes what {@link #prepare} created and the variant made itself, after {@link #close()}. */
    void cleanUp(TopicAdmin admin) throws Exception;

    void start();

    /** All three hops have their partitions and can process. */
    boolean ready();

    /** Transactions committed so far, summed over the three hops (Kafka Streams: its commits, one transaction each). */
    long transactions();

    @Override
    void close();
}
