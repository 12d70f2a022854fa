package io.reviewflow.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How long the bench JVM's transactional producers spent blocked in {@code sendOffsetsToTransaction}
 * and {@code commitTransaction}, summed over every producer (reviewflow's stages, the ceiling's and
 * Kafka Streams' alike), read from the producers' own JMX metrics
 * ({@code txn-send-offsets-time-ns-total}, {@code txn-commit-time-ns-total}).
 *
 * <p>Divided by the transactions of a phase this is the broker's round trip for ending one
 * transaction as a hop sees it: time in which that hop processes nothing, and which a record
 * waits through at every hop before the next one can read it. It is what separates the
 * latency the topology costs from the latency our code costs.
 */
final class TransactionTimes {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final String[] ATTRIBUTES = {"txn-send-offsets-time-ns-total", "txn-commit-time-ns-total"};

    private final double nanos;

    private TransactionTimes(double nanos) {
        this.nanos = nanos;
    }

    static TransactionTimes now() {
        double total = 0;
        try {
            for (ObjectName producer : SERVER.queryNames(new ObjectName("kafka.producer:type=producer-metrics,client-id=*"), null)) {
                for (String attribute : ATTRIBUTES) {
                    try {
                        Object value = SERVER.getAttribute(producer, attribute);
                        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
                            total += number.doubleValue();
                        }
                    } catch (JMException | RuntimeException e) {
                        // A producer closing while we read it: its time is lost to this phase, not fatal.
                    }
                }
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot query producer metrics", e);
        }
        return new TransactionTimes(total);
    }

    /** Seconds spent ending transactions between {@code start} and this snapshot (producers closed meanwhile drop out). */
    double secondsSince(TransactionTimes start) {
        return Math.max(0, (nanos - start.nanos) / 1e9);
    }
}
