package io.reviewflow.benchmarks.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The bench's results as a table on stdout and as a JSON file; ratios and targets computed once, here. */
final class Report {

    static final double TARGET_VS_CEILING = 0.8;
    static final double TARGET_VS_STREAMS = 1.0;
    static final double TARGET_P99_MS = 250;
    static final long TARGET_HEAP_BYTES = 256L << 20;

    private final Map<String, Object> machine;
    private final List<PhaseResult> results;

    Report(Map<String, Object> machine, List<PhaseResult> results) {
        this.machine = machine;
        this.results = List.copyOf(results);
    }

    private Optional<PhaseResult> find(String variant, String phase) {
        return results.stream().filter(r -> r.variant().equals(variant) && r.phase().equals(phase)).findFirst();
    }

    /** reviewflow's value over {@code other}'s; NaN when either is missing. */
    private double ratio(String other, String phase, boolean p99) {
        Optional<PhaseResult> mine = find("reviewflow", phase);
        Optional<PhaseResult> theirs = find(other, phase);
        if (mine.isEmpty() || theirs.isEmpty()) {
            return Double.NaN;
        }
        return p99 ? mine.get().p99() / theirs.get().p99() : mine.get().throughput() / theirs.get().throughput();
    }

    Map<String, Double> ratios() {
        Map<String, Double> ratios = new java.util.LinkedHashMap<>();
        ratios.put("throughput_vs_ceiling", ratio("ceiling", "flat-out", false));
        ratios.put("throughput_vs_streams", ratio("streams", "flat-out", false));
        ratios.put("p99_vs_ceiling_at_fixed_rate", ratio("ceiling", "fixed-rate", true));
        ratios.put("p99_vs_streams_at_fixed_rate", ratio("streams", "fixed-rate", true));
        return ratios;
    }

    Map<String, String> targets() {
        Map<String, Double> ratios = ratios();
        Map<String, String> targets = new java.util.LinkedHashMap<>();
        targets.put("throughput >= 0.8 x ceiling", verdict(ratios.get("throughput_vs_ceiling") >= TARGET_VS_CEILING,
                ratios.get("throughput_vs_ceiling")));
        targets.put("throughput >= 1.0 x streams", verdict(ratios.get("throughput_vs_streams") >= TARGET_VS_STREAMS,
                ratios.get("throughput_vs_streams")));
        double p99 = find("reviewflow", "fixed-rate").map(PhaseResult::p99).orElse(Double.NaN);
        targets.put("p99 at half load <= 250 ms", verdict(p99 <= TARGET_P99_MS, p99));
        long heap = find("reviewflow", "flat-out").map(PhaseResult::heapMaxAfterGcBytes).orElse(0L);
        targets.put("heap <= 256 MiB per service", heap == 0 ? "unknown (no GC during the phase)"
                : (heap <= TARGET_HEAP_BYTES ? "met" : "not shown")
                + String.format(Locale.ROOT, " (%.0f MiB after GC for the whole JVM: all three services%s)",
                heap / 1048576.0, "embedded".equals(machine.get("broker")) ? ", the broker, the documents" : ", the documents"));
        return targets;
    }

    private static String verdict(boolean met, double value) {
        if (Double.isNaN(value)) {
            return "not measured";
        }
        return (met ? "met" : "MISSED") + String.format(Locale.ROOT, " (%.3f)", value);
    }

    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "machine: %s%n", machine);
        out.printf(Locale.ROOT, "%-10s %-10s %7s %9s %8s %8s %8s %8s %8s %6s %9s %6s %5s %8s %8s%n", "variant", "phase", "reviews",
                "review/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "offered", "txns", "rec/txn~", "rej", "dup",
                "heapMiB", "afterGC");
        for (PhaseResult r : results) {
            out.printf(Locale.ROOT, "%-10s %-10s %7d %9.0f %8.1f %8.1f %8.1f %8.1f %8.0f %6d %9.0f %6s %5d %8.0f %8.0f%s%n",
                    r.variant(), r.phase(), r.reviews(), r.throughput(), r.p50(), r.p95(), r.p99(), r.max(), r.offeredRate(),
                    r.transactions(), 3.0 * r.reviews() / Math.max(1, r.transactions()),
                    r.rejected() + "/" + r.expectedRejected(), r.duplicates(),
                    r.heapMaxUsedBytes() / 1048576.0, r.heapMaxAfterGcBytes() / 1048576.0,
                    r.complete() ? "" : "  INCOMPLETE: " + r.outcomes() + " outcomes");
        }
        out.println();
        ratios().forEach((k, v) -> out.printf(Locale.ROOT, "reviewflow %-30s %.3f%n", k, v));
        targets().forEach((k, v) -> out.printf(Locale.ROOT, "target %-30s %s%n", k, v));
    }

    void writeJson(Path file) throws IOException {
        StringBuilder json = new StringBuilder("{\n  \"machine\": ").append(object(machine, "  ")).append(",\n  \"results\": [\n");
        List<String> rows = new ArrayList<>();
        for (PhaseResult r : results) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("variant", r.variant());
            row.put("phase", r.phase());
            row.put("reviews", r.reviews());
            row.put("outcomes", r.outcomes());
            row.put("published", r.published());
            row.put("rejected", r.rejected());
            row.put("expected_rejected", r.expectedRejected());
            row.put("duplicates", r.duplicates());
            row.put("seconds", r.seconds());
            row.put("throughput_per_s", r.throughput());
            row.put("offered_rate_per_s", r.offeredRate());
            row.put("latency_ms", Map.of("p50", r.p50(), "p95", r.p95(), "p99", r.p99(), "max", r.max()));
            row.put("transactions", r.transactions());
            row.put("heap_max_used_bytes", r.heapMaxUsedBytes());
            row.put("heap_max_after_gc_bytes", r.heapMaxAfterGcBytes());
            rows.add("    " + object(row, "    "));
        }
        json.append(String.join(",\n", rows)).append("\n  ],\n");
        json.append("  \"ratios\": ").append(object(new java.util.LinkedHashMap<>(ratios()), "  ")).append(",\n");
        json.append("  \"targets\": ").append(object(new java.util.LinkedHashMap<>(targets()), "  ")).append("\n}\n");
        Files.writeString(file, json);
    }

    private static String object(Map<String, ?> map, String indent) {
        List<String> fields = new ArrayList<>();
        map.forEach((k, v) -> fields.add(quote(k) + ": " + value(v, indent)));
        return "{" + String.join(", ", fields) + "}";
    }

    @SuppressWarnings("unchecked")
    private static String value(Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            return object((Map<String, ?>) m, indent);
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return v == null ? "null" : quote(v.toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
