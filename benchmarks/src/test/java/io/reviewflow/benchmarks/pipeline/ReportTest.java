package io.reviewflow.benchmarks.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void aRatioIsTakenRoundByRoundAndReportedAsMedianAndRange() {
        // Given reviewflow and the ceiling in three rounds, the pairs ran back to back
        List<PhaseResult> results = List.of(
                flat("reviewflow", 1, 1_000), flat("ceiling", 1, 4_000),
                flat("reviewflow", 2, 2_000), flat("ceiling", 2, 4_000),
                flat("reviewflow", 3, 3_000), flat("ceiling", 3, 10_000));

        // When the report computes the ratio
        Report.Spread spread = new Report(Map.of(), results, Map.of()).ratios().get("throughput_vs_ceiling");

        // Then each round's pair gives one ratio (0.25, 0.5, 0.3) and the median is the middle one
        assertEquals(0.3, spread.median(), 1e-9);
        assertEquals(0.25, spread.min(), 1e-9);
        assertEquals(0.5, spread.max(), 1e-9);
        assertEquals(3, spread.rounds());
    }

    @Test
    void anIncompletePhaseDoesNotCountAndAMissingBaselineIsNotMeasured() {
        List<PhaseResult> results = List.of(
                flat("reviewflow", 1, 1_000), incomplete("ceiling", 1),
                flat("reviewflow", 2, 2_000), flat("ceiling", 2, 4_000));

        Report report = new Report(Map.of(), results, Map.of());

        assertEquals(1, report.ratios().get("throughput_vs_ceiling").rounds());
        assertEquals(0.5, report.ratios().get("throughput_vs_ceiling").median(), 1e-9);
        assertTrue(Double.isNaN(report.ratios().get("throughput_vs_streams").median()));
        assertEquals("not measured", report.targets().get("throughput >= 1.5 x streams"));
    }

    @Test
    void aPhaseWhoseRejectionsDifferFromThePlanOrThatDoublesAnOutcomeFailsAndDoesNotCount() {
        PhaseResult planned = flat("reviewflow", 1, 1_000);
        PhaseResult rejectedTooFew = withRejections(planned, 549, 0);
        PhaseResult doubled = withRejections(planned, 550, 1);

        assertTrue(planned.verified(), planned.failure());
        assertEquals("549 rejected, 550 planned", rejectedTooFew.failure());
        assertEquals("1 doubled", doubled.failure());
        Report report = new Report(Map.of(), List.of(rejectedTooFew, flat("ceiling", 1, 2_000)), Map.of());
        assertEquals(0, report.ratios().get("throughput_vs_ceiling").rounds());
    }

    private static PhaseResult withRejections(PhaseResult r, int rejected, int duplicates) {
        return new PhaseResult(r.variant(), r.phase(), r.round(), r.reviews(), r.outcomes(), r.reviews() - rejected, rejected,
                r.expectedRejected(), duplicates, r.seconds(), r.throughput(), r.steadyThroughput(), r.submitRate(), r.offeredRate(), r.p50(), r.p95(), r.p99(), r.max(),
                r.transactions(), r.heapMaxUsedBytes(), r.heapMaxAfterGcBytes(), r.cpuSeconds(), r.commitSeconds(),
                r.bytesPerReviewByTopic());
    }

    @Test
    void commitTimeIsReportedPerTransactionAndNotAtAllWithoutTransactions() {
        // 1.2 s blocked in commits over 30 transactions
        assertEquals(40.0, flat("reviewflow", 1, 1_000).commitMillisPerTransaction(), 1e-9);
        PhaseResult none = new PhaseResult("reviewflow", "flat-out", 1, 10, 0, 0, 0, 0, 0, 1, 0, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0,
                new LinkedHashMap<>(), 0, Map.of());
        assertTrue(Double.isNaN(none.commitMillisPerTransaction()));
    }

    @Test
    void bytesPerReviewAreEachTopicsGrowthOverTheReviewsAndTopicsThatDidNotGrowAreLeftOut() {
        Map<String, Double> perReview = PhaseResult.perReview(
                Map.of("reviews.submitted", 1_000L, "reviews.published", 500L, "idle", 70L),
                Map.of("reviews.submitted", 31_000L, "reviews.published", 130_500L, "idle", 70L, "new", 40L), 10);

        assertEquals(Map.of("reviews.submitted", 3_000.0, "reviews.published", 13_000.0, "new", 4.0), perReview);
        assertEquals(List.of("new", "reviews.published", "reviews.submitted"), List.copyOf(perReview.keySet()), "name order");
        PhaseResult phase = new PhaseResult("reviewflow", "flat-out", 1, 10, 10, 10, 0, 0, 0, 1, 10, 10, 20, 0, 0, 0, 0, 0, 1, 0, 0,
                new LinkedHashMap<>(), 0, perReview);
        assertEquals(16_004.0, phase.bytesPerReview(), 1e-9);
        String json = new Report(Map.of(), List.of(phase), Map.of()).json(Map.of());
        assertTrue(json.contains("\"bytes_per_review\""), json);
        assertTrue(json.contains("\"reviews.published\""), json);
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        new Report(Map.of(), List.of(phase), Map.of()).printTable(new java.io.PrintStream(table, true));
        assertTrue(table.toString().contains("reviewflow flat-out   round 1: total 16,004: new 4, reviews.published 13,000, "
                + "reviews.submitted 3,000"), table.toString());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Report.Spread.of(List.of(4.0, 1.0, 3.0, 2.0)).median(), 1e-9);
        assertEquals(2.0, Report.Spread.of(List.of(Double.NaN, 2.0)).median(), 1e-9);
    }

    @Test
    void thePerServiceHeapTargetNeedsEveryServiceToFinishWithLittleTimeInGc() {
        List<PhaseResult> results = List.of(flat("reviewflow", 1, 2_000), flat(ServiceProcessesVariant.NAME, 1, 1_000));

        // 10 s phase: 0.4 s of GC is 4%, 0.6 s is 6%
        String calm = new Report(Map.of(), results, Map.of("ingest", heap(0.4), "publish", heap(0.2)))
                .targets().get("heap <= 256 MiB per service");
        String busy = new Report(Map.of(), results, Map.of("ingest", heap(0.6), "publish", heap(0.2)))
                .targets().get("heap <= 256 MiB per service");

        assertTrue(calm.startsWith("met"), calm);
        assertTrue(busy.startsWith("MISSED"), busy);
    }

    @Test
    void eachServicesCpuByThreadIsShownPerReview() {
        List<PhaseResult> results = List.of(flat("reviewflow", 1, 2_000), flat(ServiceProcessesVariant.NAME, 1, 1_000));
        Map<String, Double> kinds = new LinkedHashMap<>();
        kinds.put(ProcThreads.STAGE_LOOP, 1.0);
        kinds.put(ProcThreads.JIT, 0.5);
        Map<String, Object> ingest = new LinkedHashMap<>(heap(0.1));
        ingest.put("cpu_seconds", 2.0);
        ingest.put("cpu_by_thread_seconds", kinds);
        Report report = new Report(Map.of(), results, Map.of("ingest", ingest));

        // 10,000 outcomes: 1 s is 0.1 ms per review
        assertEquals(Map.of("ingest", Map.of(ProcThreads.STAGE_LOOP, 0.1, ProcThreads.JIT, 0.05, "total", 0.2)),
                report.serviceCpuByThread());
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        report.printTable(new java.io.PrintStream(table, true));
        assertTrue(table.toString().contains("ingest   by thread: stage loop 0.100, JIT 0.050, total 0.200"), table.toString());
        String json = report.json(Map.of());
        assertTrue(json.contains("\"service_cpu_by_thread\""), json);
        assertTrue(json.contains("\"stage loop\": 0.100"), json);
    }

    @Test
    void benchOptionsTakeClientPropertiesAndRefuseMalformedOnes() {
        BenchOptions options = BenchOptions.parse(new String[] {
            "--client", "compression.type=lz4", "--client", "linger.ms=10", "--rounds", "2", "--commit-interval-ms", "250",
            "--broker-feature", "transaction.version=2"});

        assertEquals(Map.of("compression.type", "lz4", "linger.ms", "10"), options.clientOverrides());
        assertEquals(Map.of("transaction.version", (short) 2), options.brokerFeatures());
        assertEquals(2, options.rounds());
        assertEquals(Duration.ofMillis(250), options.commitInterval());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--client", "no-equals"}));
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--broker-feature", "transaction.version=two"}));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--order", "ceiling,streams"}));
    }

    @Test
    void benchOptionsDefaultToTheDocumentedRun() {
        BenchOptions options = BenchOptions.parse(new String[0]);

        assertEquals(50_000, options.reviews());
        assertEquals(10_000, options.rateReviews());
        assertEquals(3, options.rounds());
        assertEquals(5_000, options.warmup());
        assertTrue(options.serviceProcesses());
        assertEquals(Duration.ofMillis(100), options.commitInterval());
        assertEquals(List.of("reviewflow", "ceiling", "anchor", "streams"), options.order());
        assertEquals(null, options.bootstrapServers());
        assertTrue(!options.inProcessBroker(), "the broker gets a JVM of its own unless asked");
    }

    @Test
    void benchOptionsTakeTheAnchorAndTheOldInProcessBrokerButNotWithAGivenBroker() {
        BenchOptions options = BenchOptions.parse(new String[] {"--order", "anchor,reviewflow", "--in-process-broker",
            "--rate-reviews", "2000", "--broker-feature", "transaction.version=2"});

        assertEquals(List.of("anchor", "reviewflow"), options.order());
        assertTrue(options.inProcessBroker());
        assertEquals(2_000, options.rateReviews());
        assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--in-process-broker", "--bootstrap-server", "127.0.0.1:9092"}));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--order", "reviewflow,anchor,anchor"}));
        assertEquals(3_000, BenchOptions.parse(new String[] {"--reviews", "3000"}).rateReviews(), "a short run's fixed-rate phases are short too");
        assertTrue(BenchOptions.USAGE.contains("--in-process-broker"));
        assertTrue(BenchOptions.USAGE.contains("anchor"));
    }

    @Test
    void theSteadyWindowLeavesOutTheFirstAndLastTenthOfTheOutcomes() {
        // Given 100 outcomes: the first 10 trickle in over 10 s (the pipeline filling), the next 80 one every 10 ms,
        // the last 10 over another 10 s (draining)
        long[] seen = new long[100];
        long t = 0;
        for (int i = 0; i < 100; i++) {
            t += i < 10 || i > 90 ? 1_000_000_000L : 10_000_000L;
            seen[i] = t;
        }

        // When the steady rate is taken between the 10th and the 89th outcome (indexes 10 and 89)
        double steady = PhaseResult.steadyThroughput(seen, 0.10);

        // Then it is 79 outcomes over 79 x 10 ms: 100/s, where first-to-last would say about 5/s
        assertEquals(100.0, steady, 1e-6);
        assertTrue(Double.isNaN(PhaseResult.steadyThroughput(new long[] {5, 5, 5}, 0.10)), "no length: NaN");
        assertTrue(Double.isNaN(PhaseResult.steadyThroughput(new long[] {5}, 0.10)), "no window: NaN");
        assertTrue(Double.isNaN(PhaseResult.steadyThroughput(new long[0], 0.10)));
    }

    @Test
    void theRatiosUseTheSteadyRateAndFallBackToTheWholePhase() {
        PhaseResult steady = withSteady(flat("reviewflow", 1, 1_000), 2_000);
        PhaseResult noWindow = withSteady(flat("ceiling", 1, 4_000), Double.NaN);

        assertEquals(2_000, steady.comparedThroughput(), 1e-9);
        assertEquals(4_000, noWindow.comparedThroughput(), 1e-9);
        assertEquals(0.5, new Report(Map.of(), List.of(steady, noWindow), Map.of()).ratios().get("throughput_vs_ceiling").median(), 1e-9);
    }

    @Test
    void aFlatOutPhaseAsFastAsItsSubmissionsIsFlaggedAsBoundByTheSubmitter() {
        // flat() submits at twice the throughput: not bound; a steady rate of 1,900 against 2,000 submit/s is
        PhaseResult free = flat("anchor", 1, 1_000);
        PhaseResult bound = withSteady(flat("anchor", 1, 1_000), 1_900);

        assertTrue(!free.boundBySubmitter());
        assertTrue(bound.boundBySubmitter());
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        new Report(Map.of(), List.of(bound), Map.of()).printTable(new java.io.PrintStream(table, true));
        assertTrue(table.toString().contains("anchor flat-out round 1: steady/s within 10% of submit/s"), table.toString());
    }

    @Test
    void theAnchorGetsItsOwnRatioAndTargetAndTheBrokersJvmCpuIsReported() {
        // Given reviewflow at 0.45 and 0.35 of the anchor in two rounds, the broker's JVM using 2 s in each phase
        List<PhaseResult> results = List.of(
                withBrokerCpu(flat("reviewflow", 1, 4_500), 2.0), withBrokerCpu(flat(AnchorVariant.NAME, 1, 10_000), 2.0),
                withBrokerCpu(flat("reviewflow", 2, 3_500), 2.0), withBrokerCpu(flat(AnchorVariant.NAME, 2, 10_000), 2.0));
        Report report = new Report(Map.of(), results, Map.of());

        assertEquals(0.4, report.ratios().get("throughput_vs_anchor").median(), 1e-9);
        assertTrue(report.targets().get("throughput >= 0.4 x anchor").startsWith("met"), report.targets().toString());
        assertEquals(2.0, results.get(0).brokerProcessCpuSeconds(), 1e-9);
        assertTrue(Double.isNaN(flat("reviewflow", 1, 1).brokerProcessCpuSeconds()), "no broker JVM: NaN");
        String json = report.json(Map.of());
        assertTrue(json.contains("\"broker_process_cpu_seconds\": 2.000"), json);
        assertTrue(json.contains("\"throughput_vs_anchor\""), json);
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        report.printTable(new java.io.PrintStream(table, true));
        // 2 s over 10,000 reviews: 0.2 ms per review
        assertTrue(table.toString().contains("broker JVM 0.200"), table.toString());
        assertTrue(table.toString().contains("brkcpu s"), table.toString());
    }

    private static PhaseResult withSteady(PhaseResult r, double steady) {
        return new PhaseResult(r.variant(), r.phase(), r.round(), r.reviews(), r.outcomes(), r.published(), r.rejected(),
                r.expectedRejected(), r.duplicates(), r.seconds(), r.throughput(), steady, r.submitRate(), r.offeredRate(), r.p50(), r.p95(), r.p99(),
                r.max(), r.transactions(), r.heapMaxUsedBytes(), r.heapMaxAfterGcBytes(), r.cpuSeconds(), r.commitSeconds(),
                r.bytesPerReviewByTopic());
    }

    private static PhaseResult withBrokerCpu(PhaseResult r, double seconds) {
        Map<String, Double> cpu = new LinkedHashMap<>(r.cpuSeconds());
        cpu.put("process", 1.0);
        cpu.put(CpuAccount.BROKER_JVM, seconds);
        return new PhaseResult(r.variant(), r.phase(), r.round(), r.reviews(), r.outcomes(), r.published(), r.rejected(),
                r.expectedRejected(), r.duplicates(), r.seconds(), r.throughput(), r.steadyThroughput(), r.submitRate(), r.offeredRate(), r.p50(),
                r.p95(), r.p99(), r.max(), r.transactions(), r.heapMaxUsedBytes(), r.heapMaxAfterGcBytes(), cpu, r.commitSeconds(),
                r.bytesPerReviewByTopic());
    }

    private static PhaseResult flat(String variant, int round, double throughput) {
        return new PhaseResult(variant, "flat-out", round, 10_000, 10_000, 9_450, 550, 550, 0, 10_000 / throughput,
                throughput, throughput, 2 * throughput, 0, 100, 200, 300, 400, 30, 0, 0, new LinkedHashMap<>(), 1.2, Map.of("reviews.submitted", 3_000.0));
    }

    private static PhaseResult incomplete(String variant, int round) {
        return new PhaseResult(variant, "flat-out", round, 10_000, 9_000, 8_450, 550, 550, 0, 10,
                900, 900, 1_800, 0, 100, 200, 300, 400, 30, 0, 0, new LinkedHashMap<>(), 1.2, Map.of("reviews.submitted", 3_000.0));
    }

    private static Map<String, Object> heap(double gcPauseSeconds) {
        return Map.of("max_used_mib", 100.0, "max_live_after_gc_mib", 50.0, "gc_pause_seconds", gcPauseSeconds);
    }
}
