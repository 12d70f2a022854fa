package io.reviewflow.benchmarks.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the bench JVM's CPU went during a phase, by kind of thread: the stage loops (where the
 * stages' domain code runs), Kafka Streams' stream threads, the clients' network threads, the
 * embedded broker, the JIT compilers, and the bench itself. On two cores this is what decides the
 * ratios: a variant can only go as fast as the CPU its hops need per review allows.
 *
 * <p>Thread CPU comes from {@link ThreadMXBean#getThreadCpuTime}; "JVM internal" is the process's
 * CPU time minus all Java threads' — the JIT compilers, the garbage collector and the JVM's other
 * threads, which Java cannot see one by one. The JIT's share of that is shown apart, as the
 * compilation bean's elapsed compile time: wall time, so on a busy machine an upper bound.
 */
final class CpuAccount {

    /** The key of the JIT's elapsed compile time in {@link #since}. */
    static final String JIT_ELAPSED = "(JIT elapsed)";
    /**
     * The key of the broker's own JVM's CPU seconds, when the bench started it in one ({@link BrokerProcess}):
     * all its threads, GC and JIT included, from the operating system. Not part of "process", the bench JVM's.
     */
    static final String BROKER_JVM = "broker JVM";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> threadNanos = new HashMap<>();
    private final Map<Long, String> threadGroups = new HashMap<>();
    private final long processNanos;
    private final long jitMillis;

    private CpuAccount() {
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = THREADS.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                threadNanos.put(info.getThreadId(), nanos);
                threadGroups.put(info.getThreadId(), group(info.getThreadName()));
            }
        }
        processNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    static CpuAccount now() {
        return new CpuAccount();
    }

    /**
     * CPU seconds by kind of thread from {@code start} to this snapshot (threads that ended meanwhile
     * fall into "JVM internal"), the process's total, and the JIT's elapsed compile time.
     */
    Map<String, Double> since(CpuAccount start) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String group : new String[] {"stage loops", "stream threads", "client I/O", "broker", "bench"}) {
            seconds.put(group, 0.0);
        }
        double threads = 0;
        for (Map.Entry<Long, Long> thread : threadNanos.entrySet()) {
            double delta = (thread.getValue() - start.threadNanos.getOrDefault(thread.getKey(), 0L)) / 1e9;
            seconds.merge(threadGroups.get(thread.getKey()), delta, Double::sum);
            threads += delta;
        }
        double process = (processNanos - start.processNanos) / 1e9;
        seconds.put("JVM internal", Math.max(0, process - threads));
        seconds.put("process", process);
        seconds.put(JIT_ELAPSED, (jitMillis - start.jitMillis) / 1e3);
        return seconds;
    }

    private static String group(String name) {
        if (name.startsWith("reviewflow-") || name.startsWith("anchor-hop")) {
            return "stage loops"; // StageService names its thread reviewflow-<stage>-<instance>; AnchorVariant anchor-hop<n>-<run>
        }
        if (name.contains("StreamThread")) {
            return "stream threads";
        }
        if (name.startsWith("kafka-producer-network-thread") || name.startsWith("kafka-coordinator-heartbeat-thread")
                || name.startsWith("consumer_background_thread") || name.startsWith("kafka-admin-client-thread")) {
            return "client I/O";
        }
        if (name.equals("main") || name.startsWith("bench-")) {
            return "bench";
        }
        // The embedded broker's request handlers, network threads, raft, coordinators, log cleaner, schedulers.
        return "broker";
    }
}
