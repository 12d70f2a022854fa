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
        assertEquals("not measured", report.targets().get("throughput >= 1.0 x streams"));
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
                r.expectedRejected(), duplicates, r.seconds(), r.throughput(), r.offeredRate(), r.p50(), r.p95(), r.p99(), r.max(),
                r.transactions(), r.heapMaxUsedBytes(), r.heapMaxAfterGcBytes(), r.cpuSeconds(), r.commitSeconds(),
                r.bytesPerReviewByTopic());
    }

    @Test
    void commitTimeIsReportedPerTransactionAndNotAtAllWithoutTransactions() {
        // 1.2 s blocked in commits over 30 transactions
        assertEquals(40.0, flat("reviewflow", 1, 1_000).commitMillisPerTransaction(), 1e-9);
        PhaseResult none = new PhaseResult("reviewflow", "flat-out", 1, 10, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
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
        PhaseResult phase = new PhaseResult("reviewflow", "flat-out", 1, 10, 10, 10, 0, 0, 0, 1, 10, 0, 0, 0, 0, 0, 1, 0, 0,
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

        assertEquals(10_000, options.reviews());
        assertEquals(3, options.rounds());
        assertEquals(5_000, options.warmup());
        assertTrue(options.serviceProcesses());
        assertEquals(Duration.ofMillis(100), options.commitInterval());
    }

    private static PhaseResult flat(String variant, int round, double throughput) {
        return new PhaseResult(variant, "flat-out", round, 10_000, 10_000, 9_450, 550, 550, 0, 10_000 / throughput,
                throughput, 0, 100, 200, 300, 400, 30, 0, 0, new LinkedHashMap<>(), 1.2, Map.of("reviews.submitted", 3_000.0));
    }

    private static PhaseResult incomplete(String variant, int round) {
        return new PhaseResult(variant, "flat-out", round, 10_000, 9_000, 8_450, 550, 550, 0, 10,
                900, 0, 100, 200, 300, 400, 30, 0, 0, new LinkedHashMap<>(), 1.2, Map.of("reviews.submitted", 3_000.0));
    }

    private static Map<String, Object> heap(double gcPauseSeconds) {
        return Map.of("max_used_mib", 100.0, "max_live_after_gc_mib", 50.0, "gc_pause_seconds", gcPauseSeconds);
    }
}
