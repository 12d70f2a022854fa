package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.broker.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real services as production runs them: each in its own JVM with a 256 MiB heap
 * ({@code -Xmx256m}, the issue's per-service budget, and {@code -XX:+ExitOnOutOfMemoryError} so a
 * service that needs more dies and the phase fails instead of limping) and the serial collector
 * ({@link #JVM_OPTIONS}, as {@code docker-compose.yml} gives them). They are started from the
 * bench's class path with their own {@code main}, on the standard topics like {@link ReviewflowVariant}.
 *
 * <p>While a phase runs, each service's {@code /metrics} is scraped every second: the largest used
 * heap, the largest live data after a full collection ({@code jvm_gc_live_data_size_bytes}, also read
 * once after the phase following a forced full collection) and the time spent in GC pauses, so the report can say how much of the 256 MiB each service needed and
 * what keeping to it cost.
 */
final class ServiceProcessesVariant implements PipelineVariant {

    static final String NAME = "processes";
    static final String HEAP_LIMIT = "256m";
    private static final List<String> MAIN_CLASSES = List.of(
            "io.reviewflow.ingest.service.IngestService",
            "io.reviewflow.scoring.service.ScoringService",
            "io.reviewflow.publish.service.PublishService");
    private static final List<String> SERVICES = List.of("ingest", "scoring", "publish");
    /**
     * The services' JVM options, the same as {@code JAVA_TOOL_OPTIONS} of ingest, scoring and publish
     * in {@code docker-compose.yml} (a test holds them together). The serial collector: with a 256 MiB
     * heap on two cores, G1's concurrent marking and refinement cost ingest (55 MiB live) 0.012-0.034 ms
     * of CPU per review against the serial collector's 0.004-0.006, and more pause time, not less.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx" + HEAP_LIMIT, "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC");
    /** Experiments only: more JVM options for the services, space-separated ({@code -Dbench.serviceJvmOptions=...}). */
    private static final List<String> EXTRA_JVM_OPTIONS = System.getProperty("bench.serviceJvmOptions", "").isBlank()
            ? List.of() : List.of(System.getProperty("bench.serviceJvmOptions").trim().split("\\s+"));
    /**
     * How often each service's /metrics is scraped during the phase. Every 100 ms, the scrapes and
     * the bench's readiness polls cost each service about 0.025 ms of CPU per review on its HTTP
     * threads (rendering every meter as Prometheus text), a tenth of what it spends on reviews.
     */
    static final long SCRAPE_MILLIS = Long.getLong("bench.serviceScrapeMillis", 1_000);
    /** How long a service's answer of ready is trusted before {@link #ready} asks it again (its process's liveness is checked every time). */
    static final long READY_RECHECK_MILLIS = Long.getLong("bench.serviceReadyRecheckMillis", 1_000);

    private final String bootstrapServers;
    private final String instanceId;
    private final ReviewflowVariant topics;
    private final List<ChildJvm> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Map<String, ServiceHeap> heaps = new LinkedHashMap<>();
    private final Map<String, Double> cpuSecondsAtStart = new LinkedHashMap<>();
    private final Map<String, ProcThreads> threadsAtStart = new LinkedHashMap<>();
    private Path logs;
    /** When every service last answered ready; valid once {@code seenReady}. */
    private long readyAt;
    private boolean seenReady;
    private volatile Thread sampler;

    ServiceProcessesVariant(String bootstrapServers, String instanceId) {
        this.bootstrapServers = bootstrapServers;
        this.instanceId = instanceId;
        this.topics = new ReviewflowVariant(bootstrapServers, instanceId);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "the real services, each in its own JVM with " + String.join(" ", JVM_OPTIONS) + ", started by their own main()";
    }

    @Override
    public String submittedTopic() {
        return topics.submittedTopic();
    }

    @Override
    public List<String> outcomeTopics() {
        return topics.outcomeTopics();
    }

    @Override
    public void prepare(TopicAdmin admin, int partitions) throws Exception {
        topics.prepare(admin, partitions);
    }

    @Override
    public void cleanUp(TopicAdmin admin) throws Exception {
        topics.cleanUp(admin);
    }

    @Override
    public void start() {
        try {
            logs = Files.createTempDirectory("reviewflow-bench-services-");
            for (int i = 0; i < MAIN_CLASSES.size(); i++) {
                int port = io.reviewflow.broker.EmbeddedKafkaBroker.freePort();
                List<String> arguments = new ArrayList<>(JVM_OPTIONS);
                arguments.addAll(EXTRA_JVM_OPTIONS);
                arguments.addAll(ChildJvm.onThisClassPath(MAIN_CLASSES.get(i)));
                arguments.addAll(List.of("--bootstrap-server", bootstrapServers, "--instance-id", instanceId,
                        "--http-port", Integer.toString(port), "--log-level", "warn"));
                processes.add(ChildJvm.start(SERVICES.get(i), arguments, logs));
                ports.add(port);
                heaps.put(SERVICES.get(i), new ServiceHeap());
            }
            System.err.println("bench: service logs in " + logs);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the service processes", e);
        }
    }

    @Override
    public boolean ready() {
        if (processes.isEmpty()) {
            return false;
        }
        // The bench asks every 20 ms while a phase runs; /health/ready over HTTP that often is CPU the
        // services would not spend in production. A dead process is still seen at once.
        processes.forEach(ChildJvm::requireAlive);
        if (seenReady && System.nanoTime() - readyAt < READY_RECHECK_MILLIS * 1_000_000) {
            return true;
        }
        for (int i = 0; i < processes.size(); i++) {
            if (!OpsEndpoint.ready(processes.get(i), ports.get(i))) {
                return false;
            }
        }
        readyAt = System.nanoTime();
        seenReady = true;
        return true;
    }

    @Override
    public long transactions() {
        long sum = 0;
        for (int port : ports) {
            sum += (long) scrape(port).getOrDefault("reviewflow_transactions_total{outcome=\"committed\"}", 0.0).doubleValue();
        }
        return sum;
    }

    /** The services' threads as they are now, for {@link #jitCpuSecondsSince}. */
    List<ProcThreads> threads() {
        return processes.stream().map(process -> ProcThreads.of(process.pid())).toList();
    }

    /**
     * CPU seconds the services' JIT compiler threads used since {@code start}, all three JVMs together;
     * NaN without /proc. The JVM starts and ends compiler threads as its queue grows and shrinks: one
     * that ended meanwhile is missed, so this is a lower bound.
     */
    double jitCpuSecondsSince(List<ProcThreads> start) {
        List<ProcThreads> now = threads();
        double sum = 0;
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i).isEmpty() || start.get(i).isEmpty()) {
                return Double.NaN;
            }
            sum += now.get(i).secondsByKindSince(start.get(i)).get(ProcThreads.JIT);
        }
        return sum;
    }

    /** Starts recording each service's heap and CPU time, afresh. */
    void startSampling() {
        heaps.replaceAll((name, old) -> new ServiceHeap());
        for (int i = 0; i < processes.size(); i++) {
            cpuSecondsAtStart.put(SERVICES.get(i), processes.get(i).cpuSeconds());
            threadsAtStart.put(SERVICES.get(i), ProcThreads.of(processes.get(i).pid()));
        }
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (int i = 0; i < ports.size(); i++) {
                    heaps.get(SERVICES.get(i)).accept(scrape(ports.get(i)));
                }
                try {
                    Thread.sleep(SCRAPE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-service-heap-sampler");
        thread.setDaemon(true);
        thread.start();
        sampler = thread;
    }

    /**
     * Stops recording; returns per service: max used heap, max live data after a full GC, GC pause
     * seconds, and the CPU seconds its JVM used meanwhile (all its threads: stages, clients, GC, JIT,
     * the metrics endpoint), which is where a service's share of a review's cost shows.
     */
    Map<String, Map<String, Object>> stopSampling() throws InterruptedException {
        Thread thread = sampler;
        if (thread != null) {
            thread.interrupt();
            thread.join(2_000);
        }
        Map<String, Map<String, Object>> report = new LinkedHashMap<>();
        heaps.forEach((service, heap) -> report.put(service, heap.report()));
        for (int i = 0; i < processes.size(); i++) {
            String service = SERVICES.get(i);
            ProcThreads threads = ProcThreads.of(processes.get(i).pid());
            report.get(service).put("cpu_seconds", processes.get(i).cpuSeconds() - cpuSecondsAtStart.getOrDefault(service, Double.NaN));
            ProcThreads start = threadsAtStart.get(service);
            if (start != null && !start.isEmpty() && !threads.isEmpty()) {
                report.get(service).put("cpu_by_thread_seconds", threads.secondsByKindSince(start));
                report.get(service).put("cpu_by_thread_name_seconds", threads.secondsByNameSince(start));
            }
        }
        // After the CPU readings, so the phase's figures do not include it: one full collection in
        // each service, then its live data. jvm_gc_live_data_size_bytes moves only on a full (or, in G1,
        // concurrent) collection, which the serial collector may not run in a whole phase: without
        // this, "live after full GC" would be whatever was live at start-up (8-9 MiB).
        for (int i = 0; i < processes.size(); i++) {
            String service = SERVICES.get(i);
            if (fullGc(processes.get(i))) {
                Double live = scrape(ports.get(i)).get("jvm_gc_live_data_size_bytes");
                if (live != null) {
                    report.get(service).put("live_after_forced_full_gc_mib", live / 1048576.0);
                    report.get(service).merge("max_live_after_gc_mib", live / 1048576.0, (a, b) -> Math.max((Double) a, (Double) b));
                }
            }
        }
        return report;
    }

    /** {@code jcmd PID GC.run} (System.gc(): a full collection with either collector); false if it could not be run. */
    private static boolean fullGc(ChildJvm jvm) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "GC.run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        Thread thread = sampler;
        if (thread != null) {
            thread.interrupt();
        }
        ChildJvm.stopAll(processes);
    }

    /**
     * Prometheus text as series name (labels kept, but {@code stage}, {@code id} and other labels
     * beyond the ones read here dropped) to value; series that map to the same key are summed,
     * so the heap pools add up to the heap.
     */
    private Map<String, Double> scrape(int port) {
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            for (String line : OpsEndpoint.get(port, "/metrics").body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                String series = line.substring(0, space);
                double value = Double.parseDouble(line.substring(space + 1));
                values.merge(key(series), value, Double::sum);
            }
        } catch (IOException | RuntimeException e) {
            // A missed sample: the service may be busy or gone; ready() reports a dead one.
        }
        return values;
    }

    private static String key(String series) {
        int brace = series.indexOf('{');
        if (brace < 0) {
            return series;
        }
        String name = series.substring(0, brace);
        return switch (name) {
            case "jvm_memory_used_bytes" -> series.contains("area=\"heap\"") ? "heap_used" : "non_heap_used";
            case "reviewflow_transactions_total" -> series.contains("outcome=\"committed\"")
                    ? "reviewflow_transactions_total{outcome=\"committed\"}" : "reviewflow_transactions_total{other}";
            default -> name;
        };
    }

    /** One service's heap over a phase. */
    private static final class ServiceHeap {
        private double maxUsed;
        private double maxLiveData;
        private double gcPauseSecondsAtStart = Double.NaN;
        private double gcPauseSeconds;
        private int samples;

        synchronized void accept(Map<String, Double> metrics) {
            Double used = metrics.get("heap_used");
            if (used == null) {
                return;
            }
            samples++;
            maxUsed = Math.max(maxUsed, used);
            maxLiveData = Math.max(maxLiveData, metrics.getOrDefault("jvm_gc_live_data_size_bytes", 0.0));
            double pauses = metrics.getOrDefault("jvm_gc_pause_seconds_sum", 0.0);
            if (Double.isNaN(gcPauseSecondsAtStart)) {
                gcPauseSecondsAtStart = pauses;
            }
            gcPauseSeconds = pauses - gcPauseSecondsAtStart;
        }

        synchronized Map<String, Object> report() {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("heap_limit", HEAP_LIMIT);
            report.put("max_used_mib", maxUsed / 1048576.0);
            report.put("max_live_after_gc_mib", maxLiveData / 1048576.0);
            report.put("gc_pause_seconds", gcPauseSeconds);
            report.put("samples", samples);
            return report;
        }
    }
}
