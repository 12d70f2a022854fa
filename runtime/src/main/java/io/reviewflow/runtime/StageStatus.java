package io.reviewflow.runtime;

/**
 * What readiness is made of, set by the loop thread and read by health checks on any other: the
 * transactional producer is initialised, the consumer has its assignment, and Kafka answered the
 * last request.
 */
final class StageStatus {
    volatile boolean producerReady;
    volatile boolean assigned;
    volatile boolean waitingForKafka;

    boolean ready() {
        return producerReady && assigned && !waitingForKafka;
    }
}
