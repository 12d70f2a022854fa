package io.reviewflow.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Another process's CPU time thread by thread, from Linux's {@code /proc/<pid>/task/<tid>/stat}: how
 * the bench tells, for a service in its own JVM, the stage loop's CPU from the Kafka clients', the
 * JIT's, the garbage collector's and the metrics endpoint's. Java's own thread CPU bean cannot see
 * another JVM, nor the JVM's native threads (compilers, GC) in its own.
 *
 * <p>Threads are known by their {@code comm}: the name the JVM gave the native thread, truncated by
 * the kernel to 15 characters ({@code reviewflow-http-1} reads {@code reviewflow-http}). A thread that
 * ended during the interval is in the process's total but in no thread's; {@link #secondsByKindSince}
 * shows that rest as {@link #EXITED}: mostly JIT compiler threads, which HotSpot starts and ends as
 * its compile queue grows and shrinks ({@code -XX:+UseDynamicNumberOfCompilerThreads}). Where there is no {@code /proc} (not Linux) a snapshot is empty.
 */
final class ProcThreads {

    static final String STAGE_LOOP = "stage loop";
    static final String KAFKA_CLIENT = "kafka client I/O";
    static final String JIT = "JIT";
    static final String GC = "GC";
    static final String METRICS_HTTP = "metrics HTTP";
    static final String OTHER = "other";
    /** The process's CPU beyond its live threads': threads that ended meanwhile. */
    static final String EXITED = "exited threads";
    static final List<String> KINDS = List.of(STAGE_LOOP, KAFKA_CLIENT, JIT, GC, METRICS_HTTP, OTHER, EXITED);

    /** Clock ticks per second of the stat fields ({@code getconf CLK_TCK}); 100 on every Linux the bench meets. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** One stat line's thread name and CPU time (user + system), in clock ticks. */
    record Stat(String comm, long ticks) {}

    private final Map<Integer, Stat> threads;
    private final long processTicks;

    private ProcThreads(Map<Integer, Stat> threads, long processTicks) {
        this.threads = threads;
        this.processTicks = processTicks;
    }

    /** The threads of process {@code pid} as they are now; empty if it is gone or there is no {@code /proc}. */
    static ProcThreads of(long pid) {
        Map<Integer, Stat> threads = new HashMap<>();
        long process = 0;
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            process = parse(Files.readString(proc.resolve("stat"))).ticks();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                for (Path task : tasks) {
                    try {
                        threads.put(Integer.parseInt(task.getFileName().toString()), parse(Files.readString(task.resolve("stat"))));
                    } catch (IOException | RuntimeException e) {
                        // The thread ended while we looked: the process's total still has its time.
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcThreads(Map.of(), 0);
        }
        return new ProcThreads(threads, process);
    }

    /**
     * A {@code stat} line: {@code pid (comm) state ppid ... utime stime ...}, utime and stime the 14th
     * and 15th fields. The name may hold spaces and parentheses, so it runs from the first '(' to the
     * last ')', and the fields are counted from there.
     */
    static Stat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        String[] fields = line.substring(close + 1).trim().split("\\s+");
        // fields[0] is the 3rd field (state): utime, the 14th, is fields[11]; stime fields[12].
        if (fields.length < 13) {
            throw new IllegalArgumentException("too few fields in /proc stat line: " + line);
        }
        return new Stat(line.substring(open + 1, close), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
    }

    /** The kind of thread a (truncated) name belongs to, one of {@link #KINDS} but {@link #EXITED}. */
    static String kind(String comm) {
        // HealthAndMetricsServer's pool (reviewflow-http-N) and the JDK HttpServer's dispatcher and timer.
        if (comm.startsWith("reviewflow-http") || comm.startsWith("HTTP-Dispatcher") || comm.startsWith("idle-timeout-t")
                || comm.startsWith("server-timer")) {
            return METRICS_HTTP;
        }
        // StageService's loop, reviewflow-<stage>-<instance>; its hanging-transaction watch
        // (reviewflow-<stage>-hanging-watch) reads the same once truncated, but sleeps almost always.
        if (comm.startsWith("reviewflow-")) {
            return STAGE_LOOP;
        }
        // kafka-producer-network-thread, kafka-coordinator-heartbeat-thread, kafka-admin-client-thread,
        // the new consumer's consumer_background_thread.
        if (comm.startsWith("kafka-") || comm.startsWith("consumer_backgr")) {
            return KAFKA_CLIENT;
        }
        if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre") || comm.startsWith("Sweeper thread")) {
            return JIT;
        }
        // G1's workers and concurrent threads, the serial collector's work (on the VM thread), safepoints.
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
            return GC;
        }
        return OTHER;
    }

    /**
     * CPU seconds from {@code start} to this snapshot by {@link #kind} (every kind present, zeros
     * included), with {@link #EXITED} the process's rest.
     */
    Map<String, Double> secondsByKindSince(ProcThreads start) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        KINDS.forEach(kind -> seconds.put(kind, 0.0));
        double live = 0;
        for (Map.Entry<String, Double> thread : secondsByNameSince(start).entrySet()) {
            seconds.merge(kind(thread.getKey()), thread.getValue(), Double::sum);
            live += thread.getValue();
        }
        seconds.put(EXITED, Math.max(0, (processTicks - start.processTicks) / TICKS_PER_SECOND - live));
        return seconds;
    }

    /** CPU seconds from {@code start} to this snapshot by thread name, threads of one name summed; busiest first. */
    Map<String, Double> secondsByNameSince(ProcThreads start) {
        Map<String, Double> byName = new TreeMap<>();
        threads.forEach((tid, stat) -> {
            Stat before = start.threads.get(tid);
            // A thread born meanwhile counts from zero; a tid reused by a new thread of another name too.
            long ticks = before != null && before.comm().equals(stat.comm()) ? stat.ticks() - before.ticks() : stat.ticks();
            byName.merge(stat.comm(), ticks / TICKS_PER_SECOND, Double::sum);
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        byName.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** The process's CPU seconds (all threads, ended ones included) from {@code start} to this snapshot. */
    double processSecondsSince(ProcThreads start) {
        return (processTicks - start.processTicks) / TICKS_PER_SECOND;
    }

    boolean isEmpty() {
        return threads.isEmpty();
    }
}
