package io.reviewflow.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH exactly as {@code org.openjdk.jmh.Main} would (same command-line options), then prints
 * Markdown tables that read each result against its target and against the baseline of its class
 * measured in the same run, in wall-clock time and, with {@link CpuTimeProfiler}, in CPU time.
 *
 * <p>{@code java -cp benchmarks.jar io.reviewflow.benchmarks.RatioReport [JMH options]}; the
 * {@code benchmarks/run} script does this with {@code -prof gc} and {@link CpuTimeProfiler}.
 */
public final class RatioReport {

    private RatioReport() {}

    /** A throughput target: the benchmark whose result meets or misses it, and for which parameters. */
    private record Target(String benchmark, String param, String paramValue, double opsPerSecond, String unit) {

        boolean appliesTo(BenchmarkParams params) {
            return simpleName(params).equals(benchmark)
                    && (param == null || paramValue.equals(params.getParam(param)));
        }
    }

    /** The targets of the brief, each where it is stated: the seed document, the score mix, the seed review. */
    private static final List<Target> TARGETS = List.of(
            new Target("DocumentParserBenchmark.parse", "sample", Samples.SEED,
                    DocumentParserBenchmark.TARGET_OPS_PER_SECOND, "house-format documents/s"),
            new Target("ScorerBenchmark.score", null, null,
                    ScorerBenchmark.TARGET_OPS_PER_SECOND, "scores/s"),
            new Target("ReviewRendererBenchmark.render", null, null,
                    ReviewRendererBenchmark.TARGET_OPS_PER_SECOND, "reviews/s (3 renderings)"));

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
                || options.shouldListProfilers() || options.shouldListResultFormats()) {
            // Nothing is run, so there is nothing to summarise.
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        print(results, System.out);
    }

    static void print(Collection<RunResult> results, PrintStream out) {
        List<RunResult> rows = new ArrayList<>();
        for (RunResult row : results) {
            if ("ops/s".equals(row.getPrimaryResult().getScoreUnit())) {
                rows.add(row);
            } else {
                out.println("(skipped " + simpleName(row.getParams()) + ": the summary reads throughput in ops/s only)");
            }
        }
        out.println();
        out.println("## Summary: wall clock (JMH's own measure)");
        out.println();
        out.println("ops/s: mean of all measurement iterations of all forks, ± the 99.9% confidence half-width;"
                + " per fork: each fork's mean. ns/op = 10^9 / (ops/s). B/op: gc.alloc.rate.norm."
                + " x baseline: time per op over that of the class's baseline with the same parameters, same run."
                + " x target: ops/s over the target (>= 1 meets it; met = the whole interval clears it).");
        out.println();
        out.println("| benchmark | params | ops/s ± error | per fork | ns/op | B/op | x baseline | x target | verdict |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        for (RunResult row : rows) {
            double ops = row.getPrimaryResult().getScore();
            double error = row.getPrimaryResult().getScoreError();
            RunResult baseline = baselineOf(row, rows);
            Target target = targetOf(row);
            out.println("| " + String.join(" | ",
                    simpleName(row.getParams()),
                    params(row.getParams()),
                    format("%,.0f", ops) + (Double.isNaN(error) ? "" : " ± " + format("%,.0f", error)),
                    perFork(row),
                    format("%,.1f", 1e9 / ops),
                    secondary(row, "gc.alloc.rate.norm", "%,.0f", "(needs -prof gc)"),
                    row == baseline ? "(baseline)"
                            : baseline == null ? "—"
                            : format("%.1f", baseline.getPrimaryResult().getScore() / ops),
                    target == null ? "—" : format("%.2f", ops / target.opsPerSecond()),
                    target == null ? "—" : verdict(ops, error, target)) + " |");
        }
        if (rows.stream().anyMatch(row -> !Double.isNaN(secondaryScore(row, "cpu.time.norm")))) {
            printCpuTable(rows, out);
        }
        out.println();
        for (Target target : TARGETS) {
            out.println("Target of " + target.benchmark()
                    + (target.param() == null ? "" : " [" + target.param() + "=" + target.paramValue() + "]")
                    + ": >= " + format("%,.0f", target.opsPerSecond()) + " " + target.unit() + " per core.");
        }
    }

    /**
     * The same results in CPU time (see {@link CpuTimeProfiler}): what each op costs a core, whatever else
     * the machine was running. On a contended machine this is the fairer reading of "per second per core".
     */
    private static void printCpuTable(List<RunResult> rows, PrintStream out) {
        out.println();
        out.println("## Summary: CPU time (io.reviewflow.benchmarks.CpuTimeProfiler)");
        out.println();
        out.println("core share: the benchmark JVM's CPU time over wall time (about 1 = a core of its own;"
                + " less = it waited for one). CPU ns/op: CPU time of all the JVM's threads (GC included) per op."
                + " ops per CPU-s = 10^9 / CPU ns/op. x baseline and x target as above, on CPU time.");
        out.println();
        out.println("| benchmark | params | core share | CPU ns/op | ops per CPU-s | x baseline | x target | verdict |");
        out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (RunResult row : rows) {
            double cpuNanos = secondaryScore(row, "cpu.time.norm");
            RunResult baseline = baselineOf(row, rows);
            Target target = targetOf(row);
            double opsPerCpuSecond = 1e9 / cpuNanos;
            out.println("| " + String.join(" | ",
                    simpleName(row.getParams()),
                    params(row.getParams()),
                    secondary(row, "cpu.share", "%.2f", "—"),
                    format("%,.1f", cpuNanos),
                    format("%,.0f", opsPerCpuSecond),
                    row == baseline ? "(baseline)"
                            : baseline == null ? "—"
                            : format("%.1f", cpuNanos / secondaryScore(baseline, "cpu.time.norm")),
                    target == null ? "—" : format("%.2f", opsPerCpuSecond / target.opsPerSecond()),
                    target == null ? "—" : opsPerCpuSecond >= target.opsPerSecond() ? "**met**" : "**not met**") + " |");
        }
    }

    private static Target targetOf(RunResult row) {
        return TARGETS.stream().filter(t -> t.appliesTo(row.getParams())).findFirst().orElse(null);
    }

    /** The {@code baseline*} benchmark of the same class with the same parameters, or null. */
    private static RunResult baselineOf(RunResult row, List<RunResult> all) {
        String benchmark = row.getParams().getBenchmark();
        String owner = benchmark.substring(0, benchmark.lastIndexOf('.'));
        for (RunResult candidate : all) {
            String name = candidate.getParams().getBenchmark();
            if (name.startsWith(owner + ".baseline") && sameParams(candidate.getParams(), row.getParams())
                    && Objects.equals(candidate.getPrimaryResult().getScoreUnit(), row.getPrimaryResult().getScoreUnit())) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean sameParams(BenchmarkParams a, BenchmarkParams b) {
        return paramMap(a).equals(paramMap(b));
    }

    private static Map<String, String> paramMap(BenchmarkParams params) {
        Map<String, String> map = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            map.put(key, params.getParam(key));
        }
        return map;
    }

    private static String params(BenchmarkParams params) {
        StringBuilder text = new StringBuilder();
        paramMap(params).forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ").append(key).append('=').append(value));
        return text.length() == 0 ? "—" : text.toString();
    }

    private static String perFork(RunResult row) {
        List<String> forks = new ArrayList<>();
        for (BenchmarkResult fork : row.getBenchmarkResults()) {
            forks.add(format("%,.0f", fork.getPrimaryResult().getScore()));
        }
        return String.join(" / ", forks);
    }

    private static String secondary(RunResult row, String label, String pattern, String missing) {
        double score = secondaryScore(row, label);
        return Double.isNaN(score) ? missing : format(pattern, score);
    }

    @SuppressWarnings("rawtypes") // RunResult.getSecondaryResults() returns the raw Result type.
    private static double secondaryScore(RunResult row, String label) {
        for (Map.Entry<String, Result> entry : row.getSecondaryResults().entrySet()) {
            // Older JMH versions prefix profiler labels with a middle dot ("·gc.alloc.rate.norm").
            if (entry.getKey().equals(label) || entry.getKey().equals("\u00b7" + label)) {
                return entry.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    /** Met only when the whole confidence interval clears the target; an interval across it is borderline. */
    private static String verdict(double ops, double error, Target target) {
        double low = Double.isNaN(error) ? ops : ops - error;
        if (low >= target.opsPerSecond()) {
            return "**met**";
        }
        return ops >= target.opsPerSecond() ? "borderline (interval spans target)" : "**not met**";
    }

    private static String simpleName(BenchmarkParams params) {
        String benchmark = params.getBenchmark();
        int method = benchmark.lastIndexOf('.');
        int owner = benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(owner + 1);
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
