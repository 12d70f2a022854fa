package io.reviewflow.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.reviewflow.runtime.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The Prometheus names and values the stage callbacks turn into, as a scrape shows them. */
class StageMetricsTest {

    private static final SourcePosition SOURCE = new SourcePosition("reviews.scored", 0, 41, "review-1");

    @Test
    void aCommittedBatchCountsItsRecordsRejectionsAndTransactionTime() {
        // Given a stage that owns partitions 0 and 2
        PrometheusMeterRegistry registry = registry();
        StageMetrics metrics = new StageMetrics(registry, Map::of);
        metrics.onPartitionsAssigned(List.of(new TopicPartition("reviews.scored", 0), new TopicPartition("reviews.scored", 2)));

        // When it processes three records, commits them with four outputs (two of them dead letters), and aborts one batch
        for (int i = 0; i < 3; i++) {
            metrics.onRecordProcessed(SOURCE, 300_000);
        }
        metrics.onCommitted(3, 4, 20_000_000);
        metrics.onRejected("MISSING_SCORE");
        metrics.onRejected("NOT_UTF8");
        metrics.onRecordProcessed(SOURCE, 200_000);
        metrics.onAborted(new KafkaException("broker gone"));

        // Then the scrape shows every count, by reason and outcome
        String text = registry.scrape();
        assertEquals(3.0, value(text, "reviewflow_records_consumed_total{stage=\"publish\"}"), text);
        assertEquals(4.0, value(text, "reviewflow_records_produced_total{stage=\"publish\"}"), text);
        assertEquals(1.0, value(text, "reviewflow_rejections_total{reason=\"MISSING_SCORE\",stage=\"publish\"}"), text);
        assertEquals(1.0, value(text, "reviewflow_rejections_total{reason=\"NOT_UTF8\",stage=\"publish\"}"), text);
        assertEquals(1.0, value(text, "reviewflow_transactions_total{outcome=\"committed\",stage=\"publish\"}"), text);
        assertEquals(1.0, value(text, "reviewflow_transactions_total{outcome=\"aborted\",stage=\"publish\"}"), text);
        assertEquals(0.02, value(text, "reviewflow_transaction_seconds_sum{outcome=\"committed\",stage=\"publish\"}"), 1e-9, text);
        assertEquals(1.0, value(text, "reviewflow_transaction_seconds_count{outcome=\"aborted\",stage=\"publish\"}"), text);
        assertEquals(3.0, value(text, "reviewflow_records_per_transaction_sum{stage=\"publish\"}"), text);
        assertEquals(4.0, value(text, "reviewflow_record_processing_seconds_count{stage=\"publish\"}"), text);
        // A histogram: 0.2 ms and 0.3 ms records fall under the 0.5 ms bucket, none under 0.1 ms.
        assertEquals(0.0, value(text, "reviewflow_record_processing_seconds_bucket{stage=\"publish\",le=\"1.0E-4\"}"), text);
        assertEquals(4.0, value(text, "reviewflow_record_processing_seconds_bucket{stage=\"publish\",le=\"5.0E-4\"}"), text);
        assertEquals(2.0, value(text, "reviewflow_assigned_partitions{stage=\"publish\"}"), text);
        assertTrue(text.contains("reviewflow_consumer_lag{partition=\"0\",stage=\"publish\"}"), text);
        assertTrue(text.contains("reviewflow_consumer_lag{partition=\"2\",stage=\"publish\"}"), text);
    }

    @Test
    void aRevokedPartitionLosesItsLagSeries() {
        PrometheusMeterRegistry registry = registry();
        StageMetrics metrics = new StageMetrics(registry, Map::of);
        metrics.onPartitionsAssigned(List.of(new TopicPartition("reviews.scored", 0), new TopicPartition("reviews.scored", 1)));

        metrics.onPartitionsRevoked(List.of(new TopicPartition("reviews.scored", 1)));

        String text = registry.scrape();
        assertTrue(text.contains("reviewflow_consumer_lag{partition=\"0\""), text);
        assertFalse(text.contains("reviewflow_consumer_lag{partition=\"1\""), text);
        assertEquals(1.0, value(text, "reviewflow_assigned_partitions{stage=\"publish\"}"), text);

        metrics.onStopped(null);
        assertFalse(registry.scrape().contains("reviewflow_consumer_lag{"), registry.scrape());
    }

    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("stage", "publish");
        return registry;
    }

    /** The value of one sample line, by its exact name and labels. */
    static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(scrape);
        if (!matcher.find()) {
            throw new AssertionError("no sample " + series);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
