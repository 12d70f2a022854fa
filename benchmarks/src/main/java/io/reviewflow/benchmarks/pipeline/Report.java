package io.reviewflow.benchmarks.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The bench's results as a table on stdout and as a JSON file; ratios and targets computed once, here. */
final class Report {

    /** The targets of issue #16 (BENCHMARKS.md): throughput as ratios to the baselines of the same round. */
    static final double TARGET_VS_CEILING = 0.5;
    /** reviewflow against three plain kafka-clients exactly-once hops configured for throughput ({@link AnchorVariant}). */
    static final double TARGET_VS_ANCHOR = 0.4;
    static final double TARGET_VS_STREAMS = 1.5;
    /** p99 at the fixed rate against the ceiling's and Streams' at the same rate. */
    static final double TARGET_P99_VS_CEILING = 1.0;
    static final double TARGET_P99_VS_STREAMS = 0.8;
    /** The services in their own JVMs against the same services in one. */
    static final double TARGET_PROCESSES = 0.85;
    static final double TARGET_BYTES_PER_REVIEW = 15_000;
    static final double MAX_GC_SHARE = 0.05;

    private final Map<String, Object> settings;
    private final List<PhaseResult> results;
    private final Map<String, Map<String, Object>> serviceHeaps;

    Report(Map<String, Object> settings, List<PhaseResult> results, Map<String, Map<String, Object>> serviceHeaps) {
        this.settings = settings;
        this.results = List.copyOf(results);
        this.serviceHeaps = serviceHeaps;
    }

    private Optional<PhaseResult> find(String variant, String phase, int round) {
        return results.stream().filter(r -> r.variant().equals(variant) && r.phase().equals(phase) && r.round() == round)
                .findFirst();
    }

    /** A ratio over the rounds: its median, lowest and highest. */
    record Spread(double median, double min, double max, int rounds) {
        static Spread of(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).sorted().toArray();
            if (sorted.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            return new Spread(median, sorted[0], sorted[sorted.length - 1], sorted.length);
        }

        /** For the JSON result: median, min, max, rounds. */
        Map<String, Object> fields() {
            Map<String, Object> fields = new java.util.LinkedHashMap<>();
            fields.put("median", median);
            fields.put("min", min);
            fields.put("max", max);
            fields.put("rounds", rounds);
            return fields;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f (%.3f-%.3f over %d rounds)", median, min, max, rounds);
        }
    }

    /**
     * reviewflow's value over {@code other}'s, round by round (each pair ran back to back): p99, or the
     * throughput over each phase's steady window ({@link PhaseResult#comparedThroughput()}).
     */
    private Spread ratio(String other, String phase, boolean p99) {
        List<Double> perRound = new ArrayList<>();
        int rounds = results.stream().mapToInt(PhaseResult::round).max().orElse(0);
        for (int round = 1; round <= rounds; round++) {
            Optional<PhaseResult> mine = find("reviewflow", phase, round);
            Optional<PhaseResult> theirs = find(other, phase, round);
            if (mine.isPresent() && theirs.isPresent() && mine.get().verified() && theirs.get().verified()) {
                perRound.add(p99 ? mine.get().p99() / theirs.get().p99() : mine.get().comparedThroughput() / theirs.get().comparedThroughput());
            }
        }
        return Spread.of(perRound);
    }

    private Spread of(String variant, String phase, java.util.function.ToDoubleFunction<PhaseResult> value) {
        return Spread.of(results.stream().filter(r -> r.variant().equals(variant) && r.phase().equals(phase) && r.verified())
                .map(r -> value.applyAsDouble(r)).toList());
    }

    Map<String, Spread> ratios() {
        Map<String, Spread> ratios = new java.util.LinkedHashMap<>();
        ratios.put("throughput_vs_ceiling", ratio("ceiling", "flat-out", false));
        ratios.put("throughput_vs_anchor", ratio(AnchorVariant.NAME, "flat-out", false));
        ratios.put("throughput_vs_streams", ratio("streams", "flat-out", false));
        ratios.put("p99_vs_ceiling_at_fixed_rate", ratio("ceiling", "fixed-rate", true));
        ratios.put("p99_vs_anchor_at_fixed_rate", ratio(AnchorVariant.NAME, "fixed-rate", true));
        ratios.put("p99_vs_streams_at_fixed_rate", ratio("streams", "fixed-rate", true));
        return ratios;
    }

    Map<String, String> targets() {
        Map<String, Spread> ratios = ratios();
        Map<String, String> targets = new java.util.LinkedHashMap<>();
        Spread ceiling = ratios.get("throughput_vs_ceiling");
        targets.put("throughput >= 0.5 x ceiling", verdict(ceiling.median() >= TARGET_VS_CEILING, ceiling));
        Spread anchor = ratios.get("throughput_vs_anchor");
        targets.put("throughput >= 0.4 x anchor", verdict(anchor.median() >= TARGET_VS_ANCHOR, anchor));
        Spread streams = ratios.get("throughput_vs_streams");
        targets.put("throughput >= 1.5 x streams", verdict(streams.median() >= TARGET_VS_STREAMS, streams));
        Spread p99Ceiling = ratios.get("p99_vs_ceiling_at_fixed_rate");
        targets.put("p99 at fixed rate <= 1.0 x ceiling's", verdict(p99Ceiling.median() <= TARGET_P99_VS_CEILING, p99Ceiling));
        Spread p99Streams = ratios.get("p99_vs_streams_at_fixed_rate");
        targets.put("p99 at fixed rate <= 0.8 x streams'", verdict(p99Streams.median() <= TARGET_P99_VS_STREAMS, p99Streams));
        Spread bytes = of("reviewflow", "flat-out", PhaseResult::bytesPerReview);
        targets.put("bytes written per review <= 15 KB", verdict(bytes.median() <= TARGET_BYTES_PER_REVIEW, bytes));
        targets.put("processes >= 0.85 x in-process", processesVerdict());
        targets.put("heap <= 256 MiB per service", heapVerdict());
        return targets;
    }

    /** The services each in its own JVM, flat out, against the in-process pipeline's median steady rate. */
    private String processesVerdict() {
        Optional<PhaseResult> processes = results.stream().filter(r -> r.variant().equals(ServiceProcessesVariant.NAME)).findFirst();
        if (processes.isEmpty()) {
            return "not measured (--no-service-processes)";
        }
        double speed = processes.get().comparedThroughput() / of("reviewflow", "flat-out", PhaseResult::comparedThroughput).median();
        return (speed >= TARGET_PROCESSES ? "met" : "MISSED") + String.format(Locale.ROOT, " (%.3f)", speed);
    }

    /**
     * Met when every service, in its own JVM capped at 256 MiB, ran the flat-out phase to the end
     * (an OutOfMemoryError would have killed it: -XX:+ExitOnOutOfMemoryError) spending at most 5% of
     * the phase in GC pauses, i.e. the cap did not slow it down by making it collect all the time.
     * The rate against the in-process variant is shown, not judged: fresh JVMs are less warmed up.
     */
    private String heapVerdict() {
        Optional<PhaseResult> processes = results.stream().filter(r -> r.variant().equals(ServiceProcessesVariant.NAME)).findFirst();
        if (processes.isEmpty() || serviceHeaps.isEmpty()) {
            return "not measured (--no-service-processes)";
        }
        double inProcess = of("reviewflow", "flat-out", PhaseResult::comparedThroughput).median();
        double speed = processes.get().comparedThroughput() / inProcess;
        StringBuilder detail = new StringBuilder(String.format(Locale.ROOT,
                "each service -Xmx%s, flat out at %.0f/s = %.2f x in-process;", ServiceProcessesVariant.HEAP_LIMIT,
                processes.get().comparedThroughput(), speed));
        serviceHeaps.forEach((service, heap) -> detail.append(String.format(Locale.ROOT,
                " %s max used %.0f MiB, live after full GC %.0f MiB, GC pauses %.2f s;", service,
                (Double) heap.get("max_used_mib"), (Double) heap.get("max_live_after_gc_mib"), (Double) heap.get("gc_pause_seconds"))));
        double seconds = processes.get().seconds();
        boolean calm = serviceHeaps.values().stream().allMatch(h -> (Double) h.get("gc_pause_seconds") <= MAX_GC_SHARE * seconds);
        boolean met = processes.get().verified() && calm;
        return (met ? "met" : "MISSED") + " (" + detail.toString().strip() + ")";
    }

    private static String verdict(boolean met, Spread value) {
        if (Double.isNaN(value.median())) {
            return "not measured";
        }
        return (met ? "met" : "MISSED") + " (median " + value + ")";
    }

    /** Red on a terminal, where it catches the eye; plain where the output is a file. */
    private static String red(String text) {
        return System.console() != null ? "\u001b[31m" + text + "\u001b[0m" : text;
    }

    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "settings: %s%n", settings);
        out.printf(Locale.ROOT, "%-10s %-10s %5s %7s %9s %9s %9s %8s %8s %8s %8s %8s %6s %9s %9s %6s %5s %8s %8s %6s %8s%n", "variant", "phase",
                "round", "reviews", "review/s", "steady/s", "submit/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "offered", "txns", "rec/txn~", "commit ms", "rej", "dup",
                "heapMiB", "afterGC", "jit s", "brkcpu s");
        for (PhaseResult r : results) {
            out.printf(Locale.ROOT,
                    "%-10s %-10s %5d %7d %9.0f %9.0f %9.0f %8.1f %8.1f %8.1f %8.1f %8.0f %6d %9.0f %9.1f %6s %5d %8.0f %8.0f %6.1f %8.2f%s%n",
                    r.variant(), r.phase(), r.round(), r.reviews(), r.throughput(), r.steadyThroughput(), r.submitRate(), r.p50(), r.p95(), r.p99(), r.max(), r.offeredRate(),
                    r.transactions(), 3.0 * r.reviews() / Math.max(1, r.transactions()), r.commitMillisPerTransaction(),
                    r.rejected() + "/" + r.expectedRejected(), r.duplicates(),
                    r.heapMaxUsedBytes() / 1048576.0, r.heapMaxAfterGcBytes() / 1048576.0, r.jitSeconds(), r.brokerProcessCpuSeconds(),
                    r.verified() ? "" : red("  FAILED: " + r.failure()));
        }
        results.stream().filter(PhaseResult::boundBySubmitter).forEach(r -> out.printf(Locale.ROOT,
                "  %s %s round %d: steady/s within 10%% of submit/s (the broker's acks to the submitter): fed no faster, its capacity may be higher%n",
                r.variant(), r.phase(), r.round()));
        out.println();
        out.println("CPU per review, flat out (ms): the bench JVM by kind of thread (all variants' threads, most idle but the one"
                + " timed), its total (process), and the broker's own JVM (broker JVM) when the bench started one:");
        for (PhaseResult r : results) {
            if (r.phase().equals("flat-out") && r.cpuSeconds() != null && r.outcomes() > 0) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s round %d:", r.variant(), r.round()));
                r.cpuSeconds().forEach((group, seconds) -> line.append(String.format(Locale.ROOT, " %s %.3f,", group,
                        seconds * 1e3 / r.outcomes())));
                out.println(line.substring(0, line.length() - 1));
            }
        }
        out.println();
        out.println("Bytes written per review, by topic (growth of the topic's log on the broker over the phase, per review submitted):");
        for (PhaseResult r : results) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-10s %-10s round %d: total %,.0f:",
                    r.variant(), r.phase(), r.round(), r.bytesPerReview()));
            r.bytesPerReviewByTopic().forEach((topic, bytes) -> line.append(String.format(Locale.ROOT, " %s %,.0f,", topic, bytes)));
            out.println(line.substring(0, line.length() - 1));
        }
        results.stream().filter(r -> r.variant().equals(ServiceProcessesVariant.NAME) && r.outcomes() > 0).findFirst()
                .ifPresent(r -> {
                    StringBuilder line = new StringBuilder("  processes: CPU per review in each service's own JVM (ms):");
                    serviceHeaps.forEach((service, heap) -> {
                        Object cpu = heap.get("cpu_seconds");
                        if (cpu instanceof Double seconds) {
                            line.append(String.format(Locale.ROOT, " %s %.3f,", service, seconds * 1e3 / r.outcomes()));
                        }
                    });
                    out.println(line.substring(0, line.length() - 1));
                    serviceCpuByThread().forEach((service, kinds) -> {
                        StringBuilder byKind = new StringBuilder(String.format(Locale.ROOT, "    %-8s by thread:", service));
                        kinds.forEach((kind, ms) -> byKind.append(String.format(Locale.ROOT, " %s %.3f,", kind, ms)));
                        out.println(byKind.substring(0, byKind.length() - 1));
                    });
                });
        out.println();
        ratios().forEach((k, v) -> out.printf(Locale.ROOT, "reviewflow %-30s %s%n", k, v));
        targets().forEach((k, v) -> out.printf(Locale.ROOT, "target %-30s %s%n", k, v));
    }

    /**
     * The processes variant's CPU per review (ms) in each service's JVM by kind of thread
     * ({@link ProcThreads#kind}), with the JVM's total; empty where not measured.
     */
    Map<String, Map<String, Double>> serviceCpuByThread() {
        Map<String, Map<String, Double>> byService = new java.util.LinkedHashMap<>();
        results.stream().filter(r -> r.variant().equals(ServiceProcessesVariant.NAME) && r.outcomes() > 0).findFirst()
                .ifPresent(r -> serviceHeaps.forEach((service, heap) -> {
                    if (heap.get("cpu_by_thread_seconds") instanceof Map<?, ?> kinds) {
                        Map<String, Double> ms = new java.util.LinkedHashMap<>();
                        kinds.forEach((kind, seconds) -> ms.put((String) kind, (Double) seconds * 1e3 / r.outcomes()));
                        if (heap.get("cpu_seconds") instanceof Double total) {
                            ms.put("total", total * 1e3 / r.outcomes());
                        }
                        byService.put(service, ms);
                    }
                }));
        return byService;
    }

    /** The whole result as JSON: {@code header}'s fields (command, commit, machine), then the settings and every phase. */
    String json(Map<String, Object> header) {
        Map<String, Object> document = new java.util.LinkedHashMap<>(header);
        document.put("settings", settings);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (PhaseResult r : results) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("variant", r.variant());
            row.put("phase", r.phase());
            row.put("round", r.round());
            row.put("reviews", r.reviews());
            row.put("outcomes", r.outcomes());
            row.put("published", r.published());
            row.put("rejected", r.rejected());
            row.put("expected_rejected", r.expectedRejected());
            row.put("duplicates", r.duplicates());
            row.put("seconds", r.seconds());
            row.put("throughput_per_s", r.throughput());
            row.put("steady_throughput_per_s", r.steadyThroughput());
            row.put("submit_rate_per_s", r.submitRate());
            row.put("bound_by_submitter", r.boundBySubmitter());
            row.put("offered_rate_per_s", r.offeredRate());
            row.put("latency_ms", Map.of("p50", r.p50(), "p95", r.p95(), "p99", r.p99(), "max", r.max()));
            row.put("transactions", r.transactions());
            row.put("commit_seconds", r.commitSeconds());
            row.put("heap_max_used_bytes", r.heapMaxUsedBytes());
            row.put("heap_max_after_gc_bytes", r.heapMaxAfterGcBytes());
            row.put("jit_seconds", r.jitSeconds());
            row.put("cpu_seconds", r.cpuSeconds() == null ? null : new java.util.LinkedHashMap<>(r.cpuSeconds()));
            row.put("broker_process_cpu_seconds", r.brokerProcessCpuSeconds());
            row.put("bytes_per_review", r.bytesPerReview());
            row.put("bytes_per_review_by_topic", new java.util.LinkedHashMap<>(r.bytesPerReviewByTopic()));
            rows.add(row);
        }
        document.put("results", rows);
        Map<String, Object> ratios = new java.util.LinkedHashMap<>();
        ratios().forEach((name, spread) -> ratios.put(name, spread.fields()));
        document.put("ratios", ratios);
        document.put("service_heaps", new java.util.LinkedHashMap<>(serviceHeaps));
        document.put("service_cpu_by_thread", serviceCpuByThread());
        document.put("targets", new java.util.LinkedHashMap<>(targets()));
        return JsonText.document(document);
    }
}
