package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 7's end-to-end bench. On one broker, one variant after another, each on freshly created
 * topics with the same partition count: reviewflow (the real services), the ceiling (the same
 * loop with identity stages), the anchor (three exactly-once hops of plain kafka-clients, Kafka's
 * TransactionalMessageCopier shape, configured for throughput) and Kafka Streams (the same stages in
 * three exactly_once_v2 apps). Unless told otherwise the broker runs in a JVM of its own
 * ({@link BrokerProcess}), so the bench JVM's CPU account holds the variants and the broker's CPU is
 * read from its process per phase.
 * Each variant gets an untimed warm-up, a flat-out phase (throughput: first submit to last outcome,
 * and over the steady window of the middle 80% of the outcomes, which the ratios use) and a
 * fixed-rate phase (latency: submit to the outcome seen by a read_committed reader) at half
 * reviewflow's flat-out rate unless --rate says otherwise. Each phase also measures the bytes it wrote
 * per review to each topic, from the topics' log sizes on the broker before and after it. Prints a
 * table and writes JSON.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.reviewflow.benchmarks.pipeline.PipelineBench --reviews 20000</pre>
 */
public final class PipelineBench {

    private static final double INVALID_SHARE = 0.05;
    /** Compile time (summed over compiler threads) per wall time below which the JIT counts as settled. */
    private static final double JIT_QUIET_SHARE = 0.10;

    private final BenchOptions options;
    private final ResultFile resultFile;
    private final String bootstrapServers;
    private final String runId;
    private final List<SyntheticReviews.Document> documents;
    private final List<PhaseResult> results = new ArrayList<>();
    private final Map<String, Object> warmup = new LinkedHashMap<>();
    /** The broker's own JVM when the bench started one; null for an in-process or a given broker. */
    private final BrokerProcess brokerProcess;

    private PipelineBench(BenchOptions options, String bootstrapServers, BrokerProcess brokerProcess, ResultFile resultFile) {
        this.options = options;
        this.brokerProcess = brokerProcess;
        this.resultFile = resultFile;
        this.bootstrapServers = bootstrapServers;
        this.runId = Long.toString(System.currentTimeMillis(), 36);
        this.documents = SyntheticReviews.generate(options.reviews(), INVALID_SHARE, options.seed());
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested e) {
            System.out.print(BenchOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        EmbeddedKafkaBroker broker = null;
        BrokerProcess brokerProcess = null;
        int code;
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap == null && options.inProcessBroker()) {
                System.err.println("bench: starting an embedded broker in the bench's JVM...");
                broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral().withFeatures(options.brokerFeatures()));
                bootstrap = broker.bootstrapServers();
            } else if (bootstrap == null) {
                // Its own JVM: the bench's CPU account then holds the variants and the bench, and the broker's is its process's.
                Path work = java.nio.file.Files.createTempDirectory("reviewflow-pipeline-bench-");
                System.err.println("bench: starting a broker in its own JVM (log in " + work + ")...");
                brokerProcess = BrokerProcess.startOnClassPath(options.brokerFeatures(), work);
                bootstrap = brokerProcess.bootstrapServers();
            }
            code = new PipelineBench(options, bootstrap, brokerProcess, new ResultFile(PipelineBench.class, args))
                    .run(broker != null ? "embedded in the bench's JVM" : brokerProcess != null
                            ? "its own JVM (" + BrokerMain.class.getSimpleName() + ", as reviewflow broker), fresh data directory"
                            : bootstrap);
            if (brokerProcess != null) {
                brokerProcess.close();
                brokerProcess = null;
            }
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            code = 1;
        } finally {
            // Before System.exit, which never returns: closing the embedded broker deletes its temporary
            // data directory, 0.3-3 GB per run, which every run used to leave behind in the temp directory.
            if (broker != null) {
                try {
                    broker.close();
                } catch (RuntimeException e) {
                    System.err.println("bench: closing the embedded broker failed: " + e);
                }
            }
            if (brokerProcess != null) {
                brokerProcess.close();
            }
        }
        System.exit(code);
    }

    private int run(String broker) throws Exception {
        Map<String, Object> machineInfo = MachineInfo.describe();
        Map<String, Object> header = resultFile.header(machineInfo);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bench_max_heap_bytes", Runtime.getRuntime().maxMemory());
        settings.put("broker", broker);
        settings.put("broker_features_asked", options.brokerFeatures().toString());
        settings.put("reviews_per_flat_out_phase", options.reviews());
        settings.put("reviews_per_fixed_rate_phase", options.rateReviews());
        settings.put("steady_window", "outcomes " + Math.round(PhaseResult.STEADY_TRIM * 100) + "%-"
                + Math.round(100 - PhaseResult.STEADY_TRIM * 100) + "% by time seen; the ratios use it");
        settings.put("warmup_reviews", options.warmup());
        settings.put("partitions", options.partitions());
        settings.put("mean_document_bytes", documents.stream().mapToInt(d -> d.bytes().length).average().orElse(0));
        settings.put("invalid_documents", documents.stream().filter(d -> d.kind().ordinal() > SyntheticReviews.Kind.JSON.ordinal()).count());

        settings.put("order", String.join(",", options.order()));
        settings.put("rounds", options.rounds());
        settings.put("commit_interval_ms", options.commitInterval().toMillis());
        settings.put("client_overrides", options.clientOverrides().toString());
        List<PipelineVariant> variants = new ArrayList<>();
        for (String name : options.order()) {
            switch (name) {
                case "reviewflow" -> variants.add(new ReviewflowVariant(bootstrapServers, "bench-" + runId)
                        .commitInterval(options.commitInterval()).clientOverrides(options.clientOverrides()));
                case "ceiling" -> variants.add(new CeilingVariant(bootstrapServers, runId).commitInterval(options.commitInterval())
                        .clientOverrides(options.clientOverrides()));
                case "anchor" -> variants.add(new AnchorVariant(bootstrapServers, runId));
                case "streams" -> {
                    if (!options.skipStreams()) {
                        variants.add(new StreamsVariant(bootstrapServers, runId));
                    }
                }
                default -> throw new IllegalArgumentException("unknown variant " + name);
            }
        }
        double rate = options.rate();
        Map<String, Map<String, Object>> serviceHeaps = Map.of();
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers)) {
            settings.put("broker_finalized_features", admin.finalizedFeatures().toString());
            rate = runCompared(admin, variants, rate);
            if (options.serviceProcesses()) {
                serviceHeaps = runServiceProcesses(admin);
            }
        }
        settings.put("warmup", warmup);
        settings.put("fixed_rate_per_s", rate);
        Report report = new Report(settings, results, serviceHeaps);
        report.printTable(System.out);
        machineInfo.put("load_average_at_end", MachineInfo.loadAverage());
        Path out = resultFile.write("pipeline", options.out(), report.json(header));
        System.err.println("bench: results written to " + out.toAbsolutePath());
        return results.stream().allMatch(PhaseResult::verified) ? 0 : 1;
    }

    /** A variant started and ready, with its own submitter and outcome reader. */
    private record Running(PipelineVariant variant, Submitter submitter, OutcomeReader reader) implements AutoCloseable {
        @Override
        public void close() {
            reader.close();
            submitter.close();
            variant.close();
        }
    }

    /**
     * Starts every variant and warms each up before any is timed, so the JIT has compiled the code
     * they share (the stages, Avro, the Kafka clients) whichever runs first; then times the flat-out
     * phase of each, round after round, rotating which goes first, and then the fixed-rate phase
     * the same way. Returns the fixed rate: half reviewflow's median flat-out rate unless one was given.
     */
    private double runCompared(TopicAdmin admin, List<PipelineVariant> variants, double rate) throws Exception {
        List<Running> running = new ArrayList<>();
        try {
            for (PipelineVariant variant : variants) {
                System.err.printf("bench: %s: %s%n", variant.name(), variant.description());
                variant.prepare(admin, options.partitions());
                variant.start();
                awaitReady(variant);
                List<String> outcomes = variant.outcomeTopics();
                running.add(new Running(variant, new Submitter(bootstrapServers),
                        new OutcomeReader(bootstrapServers, outcomes, outcomes.subList(1, outcomes.size()))));
            }
            warmUntilTheJitIsQuiet(admin, running);
            for (int round = 1; round <= options.rounds(); round++) {
                for (Running r : rotated(running, round)) {
                    results.add(timed(admin, r, phase(r.variant().name(), "flat", options.reviews(), 0, round), true));
                }
            }
            if (rate <= 0) {
                double[] flat = results.stream().filter(r -> r.variant().equals("reviewflow") && r.phase().equals("flat-out"))
                        .mapToDouble(PhaseResult::comparedThroughput).sorted().toArray();
                rate = flat[flat.length / 2] / 2;
            }
            for (int round = 1; round <= options.rounds(); round++) {
                for (Running r : rotated(running, round)) {
                    results.add(timed(admin, r, phase(r.variant().name(), "rate", options.rateReviews(), rate, round), false));
                }
            }
            return rate;
        } finally {
            for (Running r : running) {
                r.close();
                r.variant().cleanUp(admin);
            }
        }
    }

    /**
     * Warm-up rounds (every variant, {@code --warmup} reviews each) until the JIT compiler used less
     * than a tenth of the round's wall time, or for at most {@code --max-warmup-rounds}. On two cores
     * the JIT is the bench's biggest hidden cost: broker, clients, Streams and the stages are a lot
     * of code, and in the first minute compiling it took more CPU than the pipelines themselves.
     */
    private void warmUntilTheJitIsQuiet(TopicAdmin admin, List<Running> running) throws Exception {
        if (options.warmup() <= 0) {
            return;
        }
        var jit = ManagementFactory.getCompilationMXBean();
        double share = Double.NaN;
        int round = 0;
        while (round < options.maxWarmupRounds()) {
            round++;
            long wallStart = System.nanoTime();
            long jitStart = jit.getTotalCompilationTime();
            for (Running r : running) {
                timed(admin, r, phase(r.variant().name(), "warmup", options.warmup(), 0, -round), false);
            }
            share = (jit.getTotalCompilationTime() - jitStart) / ((System.nanoTime() - wallStart) / 1e6);
            System.err.printf(Locale.ROOT, "bench: warm-up round %d: JIT compiling for %.0f%% of the wall time%n", round, share * 100);
            if (share < JIT_QUIET_SHARE) {
                break;
            }
        }
        warmup.put("rounds", round);
        warmup.put("jit_share_of_wall_time_last_round", share);
    }

    private static List<Running> rotated(List<Running> running, int round) {
        List<Running> order = new ArrayList<>(running);
        java.util.Collections.rotate(order, -((round - 1) % order.size()));
        return order;
    }

    /**
     * The per-service heap budget: the real services in their own JVMs with -Xmx256m, warmed up,
     * then one flat-out phase while their heaps are sampled. Runs after the compared variants are
     * gone, because it uses the same standard topics as the in-process reviewflow variant.
     */
    private Map<String, Map<String, Object>> runServiceProcesses(TopicAdmin admin) throws Exception {
        ServiceProcessesVariant variant = new ServiceProcessesVariant(bootstrapServers, "bench-" + runId + "-processes");
        System.err.printf("bench: %s: %s%n", variant.name(), variant.description());
        variant.prepare(admin, options.partitions());
        List<String> outcomes = variant.outcomeTopics();
        variant.start();
        try (Running r = new Running(variant, new Submitter(bootstrapServers),
                new OutcomeReader(bootstrapServers, outcomes, outcomes.subList(1, outcomes.size())))) {
            awaitReady(variant);
            // Fresh JVMs: at least as much warm-up as the compared variants had, and then on, like them,
            // until the JIT is quiet: in each service's own JVM, read from its compiler threads' CPU
            // (three JVMs compile the same client and runtime code three times; in a 5000-review phase
            // straight after the compared variants' warm-up, C1 and C2 took more CPU than the reviews).
            int rounds = (Integer) warmup.getOrDefault("rounds", 1);
            int round = 0;
            double share = Double.NaN;
            while (options.warmup() > 0 && round < Math.max(rounds, options.maxWarmupRounds())) {
                round++;
                long wallStart = System.nanoTime();
                List<ProcThreads> threadsAtStart = variant.threads();
                timed(admin, r, phase(variant.name(), "warmup", options.warmup(), 0, -round), false);
                share = variant.jitCpuSecondsSince(threadsAtStart) / ((System.nanoTime() - wallStart) / 1e9);
                System.err.printf(Locale.ROOT, "bench: %s warm-up round %d: the services' JIT threads used %.0f%% of a core%n",
                        variant.name(), round, share * 100);
                if (round >= rounds && !(share >= JIT_QUIET_SHARE)) {
                    break;
                }
            }
            warmup.put("processes_rounds", round);
            warmup.put("processes_jit_cpu_share_last_round", share);
            variant.startSampling();
            PhaseResult flat = timed(admin, r, phase(variant.name(), "flat", options.reviews(), 0, 1), false);
            Map<String, Map<String, Object>> heaps = variant.stopSampling();
            results.add(flat);
            return heaps;
        } finally {
            variant.cleanUp(admin);
        }
    }

    private Phase phase(String variant, String tag, int count, double rate, int round) {
        String prefix = runId + "-" + variant + "-" + tag + Math.abs(round) + "-";
        return new Phase(prefix, SyntheticReviews.submissions(prefix, documents, count), rate, round);
    }

    private PhaseResult timed(TopicAdmin admin, Running running, Phase phase, boolean sampleHeap) throws Exception {
        PipelineVariant variant = running.variant();
        OutcomeReader reader = running.reader();
        Submitter submitter = running.submitter();
        String label = phase.ratePerSecond > 0
                ? String.format(Locale.ROOT, "%s @%.0f/s", variant.name(), phase.ratePerSecond)
                : variant.name() + (phase.tag.contains("-warmup") ? " warm-up" : " flat out");
        reader.register(phase);
        // Only this variant runs during the phase, so what its topics (and the broker's own) grew by is this phase's.
        Map<String, Long> logBytesBefore = admin.logBytesByTopic();
        long transactionsBefore = variant.transactions();
        CpuAccount cpuBefore = CpuAccount.now();
        double brokerCpuBefore = brokerProcess == null ? Double.NaN : brokerProcess.jvm().cpuSeconds();
        TransactionTimes commitsBefore = TransactionTimes.now();
        HeapSampler heap = sampleHeap ? new HeapSampler() : null;
        try (ProgressBar bar = new ProgressBar(System.err, label, phase)) {
            submitter.send(phase, variant.submittedTopic());
            // Generous: a stuck pipeline should fail the phase, not hang the bench.
            long deadline = System.nanoTime() + Duration.ofSeconds(60 + phase.size() / 50).toNanos();
            while (!phase.complete() && System.nanoTime() < deadline && reader.failure() == null && variant.ready()) {
                Thread.sleep(20);
            }
            if (!phase.complete()) {
                // Let a variant that just left 'ready' (a rebalance) finish within the deadline.
                while (!phase.complete() && System.nanoTime() < deadline && reader.failure() == null) {
                    Thread.sleep(20);
                }
            }
        } finally {
            if (heap != null) {
                heap.close();
            }
        }
        if (reader.failure() != null) {
            throw new IllegalStateException("outcome reader failed", reader.failure());
        }
        Map<String, Double> cpu = new LinkedHashMap<>(CpuAccount.now().since(cpuBefore));
        if (brokerProcess != null) {
            brokerProcess.jvm().requireAlive();
            cpu.put(CpuAccount.BROKER_JVM, brokerProcess.jvm().cpuSeconds() - brokerCpuBefore);
        }
        String phaseName = phase.ratePerSecond > 0 ? "fixed-rate" : phase.tag.contains("-warmup") ? "warm-up" : "flat-out";
        return PhaseResult.of(variant.name(), phaseName, phase, variant.rejectsAsPlanned(), variant.transactions() - transactionsBefore, heap,
                cpu, TransactionTimes.now().secondsSince(commitsBefore),
                logBytesBefore, admin.logBytesByTopic());
    }

    private static void awaitReady(PipelineVariant variant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!variant.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(variant.name() + " not ready after 90 s");
            }
            Thread.sleep(50);
        }
    }
}
