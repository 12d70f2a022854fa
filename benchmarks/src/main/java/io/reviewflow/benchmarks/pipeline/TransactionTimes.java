package io.reviewflow.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How long the bench JVM's transactional producers spent blocked in {@code flush},
 * {@code sendOffsetsToTransaction} and {@code commitTransaction}, summed over every producer
 * (reviewflow's stages, the ceiling's and Kafka Streams' alike), read from the producers' own JMX
 * metrics ({@code flush-time-ns-total}, {@code txn-send-offsets-time-ns-total},
 * {@code txn-commit-time-ns-total}). The flush counts because both the stage loop and Kafka Streams
 * flush before sending the offsets, so the wait for the transaction's records falls there and not in
 * the commit; a producer that never committed a transaction (the bench's submitter) counts for nothing.
 *
 * <p>Divided by the transactions of a phase this is the broker's round trip for ending one
 * transaction as a hop sees it: time in which that hop processes nothing, and which a record
 * waits through at every hop before the next one can read it. It is what separates the
 * latency the topology costs from the latency our code costs.
 */
final class TransactionTimes {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String COMMIT = "txn-commit-time-ns-total";
    private static final String[] ATTRIBUTES = {"flush-time-ns-total", "txn-send-offsets-time-ns-total", COMMIT};

    private final double nanos;

    private TransactionTimes(double nanos) {
        this.nanos = nanos;
    }

    static TransactionTimes now() {
        double total = 0;
        try {
            for (ObjectName producer : SERVER.queryNames(new ObjectName("kafka.producer:type=producer-metrics,client-id=*"), null)) {
                try {
                    if (!(nanos(producer, COMMIT) > 0)) {
                        continue; // Not transactional, or not yet: its flushes end no transaction.
                    }
                    for (String attribute : ATTRIBUTES) {
                        total += nanos(producer, attribute);
                    }
                } catch (JMException | RuntimeException e) {
                    // A producer closing while we read it: its time is lost to this phase, not fatal.
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot query producer metrics", e);
        }
        return new TransactionTimes(total);
    }

    private static double nanos(ObjectName producer, String attribute) throws JMException {
        Object value = SERVER.getAttribute(producer, attribute);
        return value instanceof Number number && Double.isFinite(number.doubleValue()) ? number.doubleValue() : 0;
    }

    /** Seconds spent ending transactions between {@code start} and this snapshot (producers closed meanwhile drop out). */
    double secondsSince(TransactionTimes start) {
        return Math.max(0, (nanos - start.nanos) / 1e9);
    }
}
