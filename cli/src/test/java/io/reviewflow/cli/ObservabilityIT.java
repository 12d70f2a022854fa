package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.scoring.works.service.WorksService;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TestKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of the three services while they work: each run through its real
 * command line on the shared broker, with its own /metrics and /health endpoints, watched
 * while real documents go through.
 */
class ObservabilityIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaSettings kafka;
    private static ServiceCommand ingest;
    private static ServiceCommand scoring;
    private static ServiceCommand publish;

    @BeforeAll
    static void startTheServices() {
        kafka = KafkaSettings.of(TestKafka.bootstrapServers());
        String[] common = {"--bootstrap-server", kafka.bootstrapServers(), "--instance-id", "observability-it", "--partitions", "3"};
        ingest = ServiceCommand.start("ingest", IngestService::run, common);
        scoring = ServiceCommand.start("scoring", ScoringService::run, common);
        publish = ServiceCommand.start("publish", PublishService::run, common);
    }

    @AfterAll
    static void stopTheServices() {
        for (ServiceCommand service : new ServiceCommand[] {publish, scoring, ingest}) {
            if (service != null) {
                service.close();
                assertEquals(0, service.exitCode(), service.name + " exit code");
            }
        }
    }

    @Test
    void eachServiceIsReadyOnceItHasItsPartitionsAndItsProducer() {
        for (ServiceCommand service : List.of(ingest, scoring, publish)) {
            // When the consumer has its assignment and the transactional producer is initialised
            HttpResponse<String> ready = service.await("/health/ready", r -> r.statusCode() == 200, WAIT);

            // Then ready, alive, and the gauges agree
            assertEquals("{\"status\":\"UP\"}", ready.body());
            assertEquals(200, service.get("/health/live").statusCode());
            String metrics = service.get("/metrics").body();
            assertEquals(1.0, value(metrics, "reviewflow_ready{stage=\"" + service.name + "\"}"), metrics);
            assertEquals(3.0, value(metrics, "reviewflow_assigned_partitions{stage=\"" + service.name + "\"}"), metrics);
            for (int partition = 0; partition < 3; partition++) {
                assertTrue(metrics.contains("reviewflow_consumer_lag{partition=\"" + partition + "\",stage=\"" + service.name + "\"}"),
                        service.name + " lag of partition " + partition + ":\n" + metrics);
            }
        }
    }

    @Test
    void metricsMoveWhileDocumentsGoThrough() {
        // Given three ready services and their counts so far (other tests share the broker)
        for (ServiceCommand service : List.of(ingest, scoring, publish)) {
            service.await("/health/ready", r -> r.statusCode() == 200, WAIT);
        }
        double ingestedBefore = counter(ingest, "reviewflow_records_consumed_total{stage=\"ingest\"}");
        double missingScoreBefore = counter(ingest, "reviewflow_rejections_total{reason=\"MISSING_SCORE\",stage=\"ingest\"}");
        double outOfRangeBefore = counter(scoring, "reviewflow_rejections_total{reason=\"SCORE_OUT_OF_RANGE\",stage=\"scoring\"}");
        double publishedBefore = counter(publish, "reviewflow_end_to_end_seconds_count{stage=\"publish\"}");

        // When one document is published, one rejected by ingest and one by scoring
        Instant sent = Instant.now();
        List<ReviewSubmission> submissions = List.of(
                submission("the-perfection.txt"), submission("missing-score.txt"), submission("score-out-of-range.txt"));
        try (SubmissionSender sender = SubmissionSender.connect(kafka)) {
            submissions.forEach(sender::send);
        }
        Map<String, OutcomeTracker.Outcome> outcomes = OutcomeTracker.await(kafka,
                submissions.stream().map(ReviewSubmission::getSubmissionId).toList(), WAIT);
        assertEquals(3, outcomes.size(), "every submission has an outcome");
        double secondsSinceSent = Duration.between(sent, Instant.now()).toMillis() / 1000.0;

        // Then each service counts what it did, by reason where it rejected
        String ingestMetrics = await(ingest, m -> value(m, "reviewflow_records_consumed_total{stage=\"ingest\"}") >= ingestedBefore + 3
                && valueOrZero(m, "reviewflow_rejections_total{reason=\"MISSING_SCORE\",stage=\"ingest\"}") >= missingScoreBefore + 1);
        String scoringMetrics = await(scoring, m -> valueOrZero(m, "reviewflow_rejections_total{reason=\"SCORE_OUT_OF_RANGE\",stage=\"scoring\"}")
                >= outOfRangeBefore + 1);
        String publishMetrics = await(publish, m -> value(m, "reviewflow_end_to_end_seconds_count{stage=\"publish\"}") >= publishedBefore + 1);

        Map<String, String> byStage = Map.of("ingest", ingestMetrics, "scoring", scoringMetrics, "publish", publishMetrics);
        for (Map.Entry<String, String> entry : byStage.entrySet()) {
            String stage = entry.getKey();
            String metrics = entry.getValue();
            String tag = "stage=\"" + stage + "\"";
            assertTrue(value(metrics, "reviewflow_transactions_total{outcome=\"committed\"," + tag + "}") >= 1, stage);
            assertTrue(value(metrics, "reviewflow_records_produced_total{" + tag + "}") >= 1, stage);
            assertTrue(value(metrics, "reviewflow_records_per_transaction_count{" + tag + "}") >= 1, stage);
            double transactionSeconds = value(metrics, "reviewflow_transaction_seconds_sum{outcome=\"committed\"," + tag + "}")
                    / value(metrics, "reviewflow_transaction_seconds_count{outcome=\"committed\"," + tag + "}");
            assertTrue(transactionSeconds > 0 && transactionSeconds < 30, stage + " mean transaction " + transactionSeconds + " s");
            // The processing histogram: buckets that only grow, ending at the count.
            double processed = value(metrics, "reviewflow_record_processing_seconds_count{" + tag + "}");
            assertTrue(processed >= 1, stage);
            assertEquals(processed, value(metrics, "reviewflow_record_processing_seconds_bucket{" + tag + ",le=\"+Inf\"}"), stage);
            assertTrue(value(metrics, "reviewflow_record_processing_seconds_bucket{" + tag + ",le=\"1.0\"}") >= 1, stage);
            assertTrue(metrics.contains("jvm_memory_used_bytes{area=\"heap\""), stage + " JVM meters");
            assertTrue(metrics.contains("jvm_gc_"), stage + " GC meters");
        }
        // End to end: at least one publication, measured from submission, in plausible time
        double e2eCount = value(publishMetrics, "reviewflow_end_to_end_seconds_count{stage=\"publish\"}");
        double e2eMax = value(publishMetrics, "reviewflow_end_to_end_seconds_max{stage=\"publish\"}");
        assertTrue(e2eCount >= 1, publishMetrics);
        assertTrue(e2eMax > 0 && e2eMax <= WAIT.toSeconds() + secondsSinceSent, "end to end max " + e2eMax + " s");
        assertEquals(e2eCount, value(publishMetrics, "reviewflow_end_to_end_seconds_bucket{stage=\"publish\",le=\"+Inf\"}"));
        assertTrue(value(publishMetrics, "reviewflow_end_to_end_seconds_bucket{stage=\"publish\",le=\"60.0\"}") >= 1, publishMetrics);
        // And once everything is committed, no partition lags
        await(ingest, m -> lag(m, "ingest") == 0);
        await(publish, m -> lag(m, "publish") == 0);
    }

    @Test
    void aServiceWhoseBrokerGoesAwayIsNoLongerReadyButStaysAlive() {
        // Given a publish service ready on a broker of its own
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral());
        try (ServiceCommand lonely = ServiceCommand.start("publish", PublishService::run,
                "--bootstrap-server", broker.bootstrapServers(), "--instance-id", "readiness-it", "--partitions", "1")) {
            lonely.await("/health/ready", r -> r.statusCode() == 200, WAIT);

            // When the broker goes away
            broker.close();

            // Then readiness turns 503 with the reason, while the loop is still alive
            HttpResponse<String> ready = lonely.await("/health/ready", r -> r.statusCode() == 503, WAIT);
            assertTrue(ready.body().startsWith("{\"status\":\"DOWN\",\"reason\":"), ready.body());
            assertTrue(ready.body().contains("Kafka"), ready.body());
            assertEquals(200, lonely.get("/health/live").statusCode());
            assertEquals(0.0, value(lonely.get("/metrics").body(), "reviewflow_ready{stage=\"publish\"}"));
        } finally {
            broker.close();
        }
    }

    private static ReviewSubmission submission(String sample) {
        return Submissions.of("observability-it", "observability-" + UUID.randomUUID(), sample, Samples.bytes(sample),
                ReviewAction.SUBMIT, 1, Instant.now());
    }

    @Test
    void theWorksServiceServesBothOfItsLoopsOnOneEndpoint() {
        // Given the works service, two loops in one process
        ServiceCommand works = ServiceCommand.start("works", WorksService::run,
                "--bootstrap-server", kafka.bootstrapServers(), "--instance-id", "observability-it", "--partitions", "3");
        try {
            // When both loops have their partitions and producers
            HttpResponse<String> ready = works.await("/health/ready", r -> r.statusCode() == 200, WAIT);

            // Then one endpoint says so, and each loop's meters are its own series
            assertEquals("{\"status\":\"UP\"}", ready.body());
            String metrics = works.get("/metrics").body();
            assertEquals(1.0, value(metrics, "reviewflow_ready{stage=\"works\"}"), metrics);
            for (String loop : List.of("works-contributions", "works-tallies")) {
                assertEquals(3.0, value(metrics, "reviewflow_assigned_partitions{loop=\"" + loop + "\",stage=\"works\"}"), metrics);
            }
        } finally {
            works.close();
        }
        assertEquals(0, works.exitCode(), "works exit code");
    }

    private static double counter(ServiceCommand service, String series) {
        String metrics = service.get("/metrics").body();
        return series.startsWith("reviewflow_rejections_total") ? valueOrZero(metrics, series) : value(metrics, series);
    }

    /** Scrapes until {@code condition} holds: the counters move when the transaction has committed, a moment after readers see it. */
    private static String await(ServiceCommand service, java.util.function.Predicate<String> condition) {
        return service.await("/metrics", r -> r.statusCode() == 200 && condition.test(r.body()), WAIT).body();
    }

    private static double lag(String metrics, String stage) {
        Matcher matcher = Pattern.compile("(?m)^reviewflow_consumer_lag\\{partition=\"\\d+\",stage=\"" + stage + "\"} (\\S+)").matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(scrape);
        if (!matcher.find()) {
            throw new AssertionError("no sample " + series);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static double valueOrZero(String scrape, String series) {
        return scrape.contains(series + " ") ? value(scrape, series) : 0;
    }
}
