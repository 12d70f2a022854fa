package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 7's end-to-end bench. On one broker, one variant after another, each on freshly created
 * topics with the same partition count: reviewflow (the real services), the ceiling (the same
 * loop with identity stages) and Kafka Streams (the same stages in three exactly_once_v2 apps).
 * Each variant gets an untimed warm-up, a flat-out phase (throughput: first submit to last outcome)
 * and a fixed-rate phase (latency: submit to the outcome seen by a read_committed reader) at half
 * reviewflow's flat-out rate unless --rate says otherwise. Prints a table and writes JSON.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.reviewflow.benchmarks.pipeline.PipelineBench --reviews 20000</pre>
 */
public final class PipelineBench {

    private static final double INVALID_SHARE = 0.05;

    private final BenchOptions options;
    private final String bootstrapServers;
    private final String runId;
    private final List<SyntheticReviews.Document> documents;
    private final List<PhaseResult> results = new ArrayList<>();

    private PipelineBench(BenchOptions options, String bootstrapServers) {
        this.options = options;
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
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap == null) {
                System.err.println("bench: starting an embedded broker...");
                broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
                bootstrap = broker.bootstrapServers();
            }
            int code = new PipelineBench(options, bootstrap).run(broker != null);
            System.exit(code);
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private int run(boolean embedded) throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("started", Instant.now().toString());
        machine.put("processors", Runtime.getRuntime().availableProcessors());
        machine.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        machine.put("java", System.getProperty("java.version"));
        machine.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        machine.put("broker", embedded ? "embedded" : bootstrapServers);
        machine.put("reviews_per_phase", options.reviews());
        machine.put("warmup_reviews", options.warmup());
        machine.put("partitions", options.partitions());
        machine.put("mean_document_bytes", documents.stream().mapToInt(d -> d.bytes().length).average().orElse(0));
        machine.put("invalid_documents", documents.stream().filter(d -> d.kind().ordinal() > SyntheticReviews.Kind.JSON.ordinal()).count());

        double rate = options.rate();
        machine.put("order", String.join(",", options.order()));
        List<PipelineVariant> variants = new ArrayList<>();
        for (String name : options.order()) {
            switch (name) {
                case "reviewflow" -> variants.add(new ReviewflowVariant(bootstrapServers, "bench-" + runId));
                case "ceiling" -> variants.add(new CeilingVariant(bootstrapServers, runId));
                case "streams" -> {
                    if (!options.skipStreams()) {
                        variants.add(new StreamsVariant(bootstrapServers, runId));
                    }
                }
                default -> throw new IllegalArgumentException("unknown variant " + name);
            }
        }
        try (TopicAdmin admin = new TopicAdmin(bootstrapServers)) {
            for (PipelineVariant variant : variants) {
                rate = runVariant(admin, variant, rate);
            }
        }
        machine.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        machine.put("fixed_rate_per_s", rate);
        Report report = new Report(machine, results);
        report.printTable(System.out);
        report.writeJson(options.out());
        System.err.println("bench: results written to " + options.out().toAbsolutePath());
        return results.stream().allMatch(PhaseResult::complete) ? 0 : 1;
    }

    /** Runs one variant's three phases; returns the fixed rate (set from reviewflow's flat-out phase if not given). */
    private double runVariant(TopicAdmin admin, PipelineVariant variant, double rate) throws Exception {
        String name = variant.name();
        System.err.printf("bench: %s: %s%n", name, variant.description());
        variant.prepare(admin, options.partitions());
        try (variant) {
            variant.start();
            awaitReady(variant);
            List<String> outcomes = variant.outcomeTopics();
            try (Submitter submitter = new Submitter(bootstrapServers);
                 OutcomeReader reader = new OutcomeReader(bootstrapServers, outcomes, outcomes.subList(1, outcomes.size()))) {
                if (options.warmup() > 0) {
                    timed(variant, reader, submitter, phase(name, "warmup", options.warmup(), 0), false);
                }
                PhaseResult flat = timed(variant, reader, submitter, phase(name, "flat", options.reviews(), 0), true);
                results.add(flat);
                if (rate <= 0 && name.equals("reviewflow")) {
                    rate = flat.throughput() / 2;
                }
                results.add(timed(variant, reader, submitter, phase(name, "rate", options.reviews(), rate), false));
            }
        } finally {
            variant.cleanUp(admin);
        }
        return rate;
    }

    private Phase phase(String variant, String tag, int count, double rate) {
        return new Phase(runId + "-" + variant + "-" + tag + "-",
                SyntheticReviews.submissions(runId + "-" + variant + "-" + tag + "-", documents, count), rate);
    }

    private PhaseResult timed(PipelineVariant variant, OutcomeReader reader, Submitter submitter, Phase phase,
                              boolean sampleHeap) throws Exception {
        String label = phase.ratePerSecond > 0
                ? String.format(Locale.ROOT, "%s @%.0f/s", variant.name(), phase.ratePerSecond)
                : variant.name() + (phase.tag.endsWith("warmup-") ? " warm-up" : " flat out");
        reader.register(phase);
        long transactionsBefore = variant.transactions();
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
        String phaseName = phase.ratePerSecond > 0 ? "fixed-rate" : phase.tag.endsWith("warmup-") ? "warm-up" : "flat-out";
        return PhaseResult.of(variant.name(), phaseName, phase, variant.transactions() - transactionsBefore, heap);
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
