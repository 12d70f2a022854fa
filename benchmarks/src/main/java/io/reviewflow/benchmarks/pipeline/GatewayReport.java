package io.reviewflow.benchmarks.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The gateway bench's figures, computed once here from the phases: per client count and variant,
 * submissions/s and latency as median and range over the timed rounds; the gateway over direct
 * ratio taken round by round (each pair ran back to back) and then summarised the same way; CPU
 * per submission by process. Only phases whose every submission was answered and found exactly
 * once on the topic count.
 */
final class GatewayReport {

    private final List<SubmissionPhase> phases;

    GatewayReport(List<SubmissionPhase> phases) {
        this.phases = List.copyOf(phases);
    }

    /** Every phase, warm-up included, answered in full and found exactly once on the topic. */
    boolean allVerified() {
        return !phases.isEmpty() && phases.stream().allMatch(SubmissionPhase::verified);
    }

    List<Integer> clientCounts() {
        return phases.stream().map(SubmissionPhase::clients).distinct().sorted().toList();
    }

    private List<SubmissionPhase> timed(String variant, int clients) {
        return phases.stream().filter(p -> p.round() > 0 && p.variant().equals(variant) && p.clients() == clients && p.verified())
                .toList();
    }

    Report.Spread over(String variant, int clients, ToDoubleFunction<SubmissionPhase> value) {
        return Report.Spread.of(timed(variant, clients).stream().map(value::applyAsDouble).toList());
    }

    Report.Spread throughput(String variant, int clients) {
        return over(variant, clients, SubmissionPhase::throughput);
    }

    /** Gateway submissions/s over direct submissions/s, per round, for rounds where both were verified. */
    Report.Spread gatewayOverDirect(int clients) {
        List<Double> perRound = new ArrayList<>();
        for (SubmissionPhase gateway : timed(SubmissionPhase.GATEWAY, clients)) {
            Optional<SubmissionPhase> direct = timed(SubmissionPhase.DIRECT, clients).stream()
                    .filter(d -> d.round() == gateway.round()).findFirst();
            direct.ifPresent(d -> perRound.add(gateway.throughput() / d.throughput()));
        }
        return Report.Spread.of(perRound);
    }

    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-8s %7s %5s %6s %7s %9s %8s %8s %8s %9s %9s %9s %6s %s%n", "variant", "clients", "round", "subs",
                "s", "subs/s", "p50 ms", "p99 ms", "max ms", "gw cpu ms", "bk cpu ms", "cl cpu ms", "load", "check");
        for (SubmissionPhase p : phases) {
            out.printf(Locale.ROOT, "%-8s %7d %5s %6d %7.2f %9.0f %8.2f %8.2f %8.2f %9.3f %9.3f %9.3f %6.2f %s%n", p.variant(),
                    p.clients(), p.round() < 0 ? "w" + -p.round() : Integer.toString(p.round()), p.submissions(), p.seconds(), p.throughput(),
                    p.p50(), p.p99(), p.max(),
                    p.millisPerSubmission(p.gatewayCpuSeconds()), p.millisPerSubmission(p.brokerCpuSeconds()),
                    p.millisPerSubmission(p.benchCpuSeconds()), p.loadAverage(), check(p));
        }
        out.println("(cpu ms: CPU per submission of the gateway's, the broker's and the clients' (bench) JVM)");
        out.println();
        out.printf(Locale.ROOT, "%7s %-8s %-22s %8s %8s %-22s %10s%n", "clients", "variant", "subs/s median (range)", "p50 ms",
                "p99 ms", "gateway / direct", "gw cpu ms");
        for (int clients : clientCounts()) {
            for (String variant : List.of(SubmissionPhase.DIRECT, SubmissionPhase.GATEWAY)) {
                Report.Spread rate = throughput(variant, clients);
                boolean gateway = variant.equals(SubmissionPhase.GATEWAY);
                Report.Spread ratio = gatewayOverDirect(clients);
                out.printf(Locale.ROOT, "%7d %-8s %-22s %8.2f %8.2f %-22s %10s%n", clients, variant,
                        String.format(Locale.ROOT, "%.0f (%.0f-%.0f)", rate.median(), rate.min(), rate.max()),
                        over(variant, clients, SubmissionPhase::p50).median(), over(variant, clients, SubmissionPhase::p99).median(),
                        gateway ? String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", ratio.median(), ratio.min(), ratio.max()) : "",
                        gateway ? String.format(Locale.ROOT, "%.3f", gatewayCpuMillis(clients).median()) : "");
            }
        }
        out.println(allVerified() ? "every phase: all answered, each submission exactly once on reviews.submitted"
                : "FAILED: some phase lost, duplicated or did not get answers for submissions (see 'check')");
    }

    private Report.Spread gatewayCpuMillis(int clients) {
        return over(SubmissionPhase.GATEWAY, clients, p -> p.millisPerSubmission(p.gatewayCpuSeconds()));
    }

    private static String check(SubmissionPhase p) {
        if (p.verified()) {
            return "ok";
        }
        return String.format(Locale.ROOT, "FAILED: %d accepted, %d failed, %d on topic (%d distinct)%s", p.accepted(), p.failed(),
                p.arrived(), p.distinct(), p.firstFailure() == null ? "" : "; first failure: " + p.firstFailure());
    }

    /** Per client count: each variant's figures and the ratio, for the JSON result. */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (int clients : clientCounts()) {
            Map<String, Object> level = new LinkedHashMap<>();
            for (String variant : List.of(SubmissionPhase.DIRECT, SubmissionPhase.GATEWAY)) {
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("submissions_per_s", throughput(variant, clients).fields());
                figures.put("p50_ms", over(variant, clients, SubmissionPhase::p50).fields());
                figures.put("p99_ms", over(variant, clients, SubmissionPhase::p99).fields());
                figures.put("broker_cpu_ms_per_submission", over(variant, clients, p -> p.millisPerSubmission(p.brokerCpuSeconds())).fields());
                figures.put("bench_cpu_ms_per_submission", over(variant, clients, p -> p.millisPerSubmission(p.benchCpuSeconds())).fields());
                if (variant.equals(SubmissionPhase.GATEWAY)) {
                    figures.put("gateway_cpu_ms_per_submission", gatewayCpuMillis(clients).fields());
                }
                level.put(variant, figures);
            }
            level.put("gateway_over_direct", gatewayOverDirect(clients).fields());
            summary.put("clients_" + clients, level);
        }
        return summary;
    }

    List<Map<String, Object>> phaseRows() {
        return phases.stream().map(SubmissionPhase::fields).toList();
    }
}
