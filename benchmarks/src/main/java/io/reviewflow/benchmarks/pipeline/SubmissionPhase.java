package io.reviewflow.benchmarks.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One timed batch of submissions by one variant ({@code direct} or {@code gateway}) at one client
 * count, and what reading {@code reviews.submitted} back found of it.
 *
 * @param round             1.. for timed rounds, -1.. for warm-up rounds
 * @param accepted          answers that said the broker has it: acks (direct) or 202s (gateway)
 * @param seconds           first send to last answer
 * @param p50               request latency percentiles over the accepted requests, ms
 * @param gatewayCpuSeconds CPU of the gateway's JVM during the phase (it idles during direct phases)
 * @param brokerCpuSeconds  CPU of the broker's JVM during the phase; NaN for an external broker
 * @param benchCpuSeconds   CPU of the bench's JVM (the clients) during the phase
 * @param loadAverage       the machine's 1-minute load average when the phase started
 * @param arrived           records of this phase found on the topic; -1 before the topic was read
 * @param distinct          distinct submission ids among them
 */
record SubmissionPhase(String variant, int clients, int round, int submissions, int accepted, int failed, String firstFailure,
                       double seconds, double p50, double p99, double max, double gatewayCpuSeconds, double brokerCpuSeconds,
                       double benchCpuSeconds, double loadAverage, int arrived, int distinct) {

    static final String DIRECT = "direct";
    static final String GATEWAY = "gateway";

    static SubmissionPhase of(String variant, int clients, int round, int submissions, ClosedLoop.Outcome outcome,
                              double gatewayCpuSeconds, double brokerCpuSeconds, double benchCpuSeconds, double loadAverage) {
        double[] latencies = outcome.latenciesMillis();
        return new SubmissionPhase(variant, clients, round, submissions, outcome.accepted(), outcome.failed(), outcome.firstFailure(),
                outcome.seconds(), PhaseResult.percentile(latencies, 0.50), PhaseResult.percentile(latencies, 0.99),
                latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1],
                gatewayCpuSeconds, brokerCpuSeconds, benchCpuSeconds, loadAverage, -1, -1);
    }

    /** The same phase with what the topic held of it. */
    SubmissionPhase withArrived(int arrived, int distinct) {
        return new SubmissionPhase(variant, clients, round, submissions, accepted, failed, firstFailure, seconds, p50, p99, max,
                gatewayCpuSeconds, brokerCpuSeconds, benchCpuSeconds, loadAverage, arrived, distinct);
    }

    /** Submissions answered per second. */
    double throughput() {
        return accepted / seconds;
    }

    /**
     * Every request answered as accepted, and the topic holds exactly one record per submission:
     * none lost, none twice.
     */
    boolean verified() {
        return failed == 0 && accepted == submissions && arrived == submissions && distinct == submissions;
    }

    /** CPU milliseconds per submission of {@code cpuSeconds}. */
    double millisPerSubmission(double cpuSeconds) {
        return cpuSeconds * 1e3 / submissions;
    }

    Map<String, Object> fields() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("variant", variant);
        row.put("clients", clients);
        row.put("round", round);
        row.put("submissions", submissions);
        row.put("accepted", accepted);
        row.put("failed", failed);
        row.put("first_failure", firstFailure);
        row.put("arrived_on_topic", arrived);
        row.put("distinct_on_topic", distinct);
        row.put("verified", verified());
        row.put("seconds", seconds);
        row.put("submissions_per_s", throughput());
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", p50);
        latency.put("p99", p99);
        latency.put("max", max);
        row.put("latency_ms", latency);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("gateway_jvm_s", gatewayCpuSeconds);
        cpu.put("broker_jvm_s", brokerCpuSeconds);
        cpu.put("bench_jvm_s", benchCpuSeconds);
        row.put("cpu", cpu);
        row.put("load_average_1m_at_start", loadAverage);
        return row;
    }
}
