package io.reviewflow.benchmarks.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayReportTest {

    private static final String DIRECT = SubmissionPhase.DIRECT;
    private static final String GATEWAY = SubmissionPhase.GATEWAY;

    @Test
    void theGatewayOverDirectRatioIsTakenRoundByRoundAndReportedAsMedianAndRange() {
        // Given three rounds at 8 clients: gateway 500, 300, 900 per s against direct 1000, 1000, 1000
        List<SubmissionPhase> phases = List.of(
                phase(DIRECT, 8, 1, 1_000), phase(GATEWAY, 8, 1, 500),
                phase(GATEWAY, 8, 2, 300), phase(DIRECT, 8, 2, 1_000),
                phase(DIRECT, 8, 3, 1_000), phase(GATEWAY, 8, 3, 900));

        Report.Spread ratio = new GatewayReport(phases).gatewayOverDirect(8);

        // Then each round gives one ratio (0.5, 0.3, 0.9), the middle one is the median
        assertEquals(0.5, ratio.median(), 1e-9);
        assertEquals(0.3, ratio.min(), 1e-9);
        assertEquals(0.9, ratio.max(), 1e-9);
        assertEquals(3, ratio.rounds());
        assertEquals(500, new GatewayReport(phases).throughput(GATEWAY, 8).median(), 1e-9);
    }

    @Test
    void theWarmUpIsNeitherTimedNorPairedButMustBeVerifiedToo() {
        List<SubmissionPhase> phases = List.of(
                phase(DIRECT, 1, -1, 10), phase(GATEWAY, 1, -1, 1),
                phase(DIRECT, 1, 1, 100), phase(GATEWAY, 1, 1, 50));
        GatewayReport report = new GatewayReport(phases);

        assertEquals(1, report.gatewayOverDirect(1).rounds());
        assertEquals(0.5, report.gatewayOverDirect(1).median(), 1e-9);
        assertTrue(report.allVerified());
        assertFalse(new GatewayReport(List.of(phase(DIRECT, 1, -1, 10).withArrived(1_999, 1_999), phase(DIRECT, 1, 1, 100)))
                .allVerified());
    }

    @Test
    void aPhaseWithALostDuplicatedOrUnansweredSubmissionFailsAndDoesNotCount() {
        SubmissionPhase lost = phase(GATEWAY, 8, 1, 500).withArrived(1_999, 1_999);
        SubmissionPhase duplicated = phase(GATEWAY, 8, 2, 500).withArrived(2_001, 2_000);
        SubmissionPhase twiceOneId = phase(GATEWAY, 8, 3, 500).withArrived(2_000, 1_999);
        SubmissionPhase unanswered = new SubmissionPhase(GATEWAY, 8, 4, 2_000, 1_999, 1, "HTTP 503: …", 4, 1, 2, 3,
                0, 0, 0, 0.5, 2_000, 2_000);
        List<SubmissionPhase> phases = List.of(phase(DIRECT, 8, 1, 1_000), lost, phase(DIRECT, 8, 2, 1_000), duplicated,
                phase(DIRECT, 8, 3, 1_000), twiceOneId, phase(DIRECT, 8, 4, 1_000), unanswered);

        GatewayReport report = new GatewayReport(phases);

        assertFalse(lost.verified());
        assertFalse(duplicated.verified());
        assertFalse(twiceOneId.verified());
        assertFalse(unanswered.verified());
        assertFalse(report.allVerified());
        assertEquals(0, report.gatewayOverDirect(8).rounds());
        assertTrue(Double.isNaN(report.throughput(GATEWAY, 8).median()));
        String table = table(report);
        assertTrue(table.contains("FAILED: 2000 accepted, 0 failed, 1999 on topic (1999 distinct)"), table);
        assertTrue(table.contains("first failure: HTTP 503"), table);
        assertTrue(table.contains("FAILED: some phase"), table);
    }

    @Test
    void theTableShowsEveryPhaseAndPerClientCountTheMedianRangeRatioAndGatewayCpu() {
        List<SubmissionPhase> phases = List.of(
                phase(DIRECT, 1, 1, 100), phase(GATEWAY, 1, 1, 50),
                phase(GATEWAY, 1, 2, 60), phase(DIRECT, 1, 2, 100));

        String table = table(new GatewayReport(phases));

        // 4 phase rows, then for 1 client: direct 100 (100-100); gateway 55 (50-60), ratio 0.550 (0.500-0.600)
        assertEquals(4, table.lines().filter(l -> l.endsWith(" ok")).count(), table);
        assertTrue(table.contains("100 (100-100)"), table);
        assertTrue(table.contains("55 (50-60)"), table);
        assertTrue(table.contains("0.550 (0.500-0.600)"), table);
        // 1.5 CPU-seconds of the gateway over 2,000 submissions
        assertTrue(table.contains("0.750"), table);
        assertTrue(table.contains("every phase: all answered"), table);
    }

    @Test
    void theSummaryNamesEachClientCountWithBothVariantsAndTheRatio() {
        Map<String, Object> summary = new GatewayReport(List.of(phase(DIRECT, 32, 1, 2_000), phase(GATEWAY, 32, 1, 1_000))).summary();

        @SuppressWarnings("unchecked")
        Map<String, Object> level = (Map<String, Object>) summary.get("clients_32");
        assertEquals(List.of("direct", "gateway", "gateway_over_direct"), List.copyOf(level.keySet()));
        assertEquals(0.5, ((Map<?, ?>) level.get("gateway_over_direct")).get("median"));
    }

    @Test
    void theResultFileHasOneLinePerPhaseAndPerClientCount() {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("command", "./reviewflow bench gateway \"x\"");
        result.put("clients", List.of(1, 8));
        result.put("summary", Map.of("clients_1", Map.of("ratio", 0.5)));
        result.put("phases", List.of(Map.of("round", 1), Map.of("round", 2)));

        assertEquals("""
                {
                  "command": "./reviewflow bench gateway \\"x\\"",
                  "clients": [1, 8],
                  "summary": {
                    "clients_1": {"ratio": 0.500}
                  },
                  "phases": [
                    {"round": 1},
                    {"round": 2}
                  ]
                }
                """, JsonText.document(result));
    }

    @Test
    void optionsTakeClientCountsAndDefaultToTheDocumentedRun() {
        GatewayBenchOptions defaults = GatewayBenchOptions.parse(new String[0]);
        GatewayBenchOptions given = GatewayBenchOptions.parse(new String[] {"--clients", "2, 16", "--submissions", "500"});

        assertEquals(List.of(1, 8, 32), defaults.clients());
        assertEquals(3_000, defaults.submissions());
        assertEquals(3, defaults.rounds());
        assertEquals(5_000, defaults.warmup());
        assertEquals(6, defaults.maxWarmupRounds());
        assertEquals(List.of(2, 16), given.clients());
        assertEquals(500, given.submissions());
        assertThrows(IllegalArgumentException.class, () -> GatewayBenchOptions.parse(new String[] {"--clients", "0"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayBenchOptions.parse(new String[] {"--rounds", "x"}));
        assertThrows(IllegalArgumentException.class, () -> GatewayBenchOptions.parse(new String[] {"--submissions"}));
    }

    /** 2,000 submissions at {@code rate}/s, all answered and each found once; the gateway JVM used 1.5 CPU-s. */
    private static SubmissionPhase phase(String variant, int clients, int round, double rate) {
        return new SubmissionPhase(variant, clients, round, 2_000, 2_000, 0, null, 2_000 / rate, 5, 20, 30,
                1.5, 1, 1, 0.5, 2_000, 2_000);
    }

    private static String table(GatewayReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
