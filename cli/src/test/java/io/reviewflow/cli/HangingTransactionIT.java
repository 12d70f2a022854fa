package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.contract.Topics;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.ops.HangingTransactionWatch;
import io.reviewflow.runtime.ops.StageHealth;
import io.reviewflow.runtime.ops.StageTelemetry;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.testkit.HangingTransactionMaker;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The remedy for a hanging transaction, run for real: a transaction made to hang on an input
 * partition of scoring stalls the reviews behind it; the stage reports it (gauge, readiness reason,
 * one ERROR line with the command), our command ends it, and the pipeline drains with every
 * submission published exactly once.
 *
 * <p>Seen to fail on purpose before passing: with {@code StalledPartitions.update} never reporting a
 * partition hanging, the wait for the readiness reason times out; with {@code transactions abort}
 * printing what it would end without calling {@code HangingTransactions.abort}, the drain times out
 * with the reviews behind the hang unpublished.
 */
class HangingTransactionIT {

    /** Stands in for the broker's 15 min transaction.max.timeout.ms. */
    private static final Duration THRESHOLD = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 3;

    @Test
    void aHangingTransactionIsReportedAndOurCommandEndsIt() throws Exception {
        Map<String, String> overrides = new HashMap<>(TestKafka.TEST_BROKER_OVERRIDES);
        overrides.putAll(HangingTransactionMaker.BROKER_OVERRIDES);
        try (CapturedLog log = CapturedLog.of(HangingTransactionWatch.class);
             EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(0, null, overrides))) {
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
            StageSettings settings = StageSettings.defaults(kafka, "hanging-it");
            List<StageService<?>> services = List.of(
                    IngestService.create(settings, IngestLimits.defaults()),
                    ScoringService.create(settings, VerdictScale.preset("house")),
                    PublishService.create(settings));
            Map<String, StageTelemetry> telemetry = new HashMap<>();
            Map<String, StageHealth> health = new HashMap<>();
            for (StageService<?> service : services) {
                StageTelemetry stageTelemetry = StageTelemetry.create(service.name());
                telemetry.put(service.name(), stageTelemetry);
                health.put(service.name(), stageTelemetry.observe(service, Optional.of(THRESHOLD)));
            }
            try (Pipeline pipeline = Pipeline.start(kafka, PARTITIONS, services)) {
                // Given a pipeline that publishes
                TopicPartition stalled = new TopicPartition(Topics.INGESTED.name(), 1);
                List<ReviewSubmission> all = new ArrayList<>(submit(kafka, "before", 2, p -> p == stalled.partition()));
                all.addAll(submit(kafka, "before-elsewhere", 1, p -> p != stalled.partition()));
                awaitPublished(kafka, all);
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                    assertEquals(Duration.ofMinutes(15), HangingTransactionWatch.brokerMaximum(admin),
                            "the default threshold is read from the broker");
                }

                // When a transaction hangs on scoring's input partition, and reviews land behind it and elsewhere
                long hangsAt = HangingTransactionMaker.hang(kafka.bootstrapServers(), stalled);
                List<ReviewSubmission> behind = submit(kafka, "behind", 4, p -> p == stalled.partition());
                List<ReviewSubmission> elsewhere = submit(kafka, "elsewhere", 2, p -> p != stalled.partition());
                all.addAll(behind);
                all.addAll(elsewhere);

                // Then the rest flows, scoring reports the partition with the command that ends it, and nothing behind it is published
                awaitPublished(kafka, elsewhere);
                String command = "reviewflow transactions abort --bootstrap-server " + kafka.bootstrapServers()
                        + " --topic " + stalled.topic() + " --partition " + stalled.partition();
                StageHealth scoring = health.get("scoring");
                await(() -> !scoring.readiness().ok(), "scoring to report the hanging transaction");
                String reason = scoring.readiness().reason();
                assertTrue(reason.contains("input partition " + stalled + " is stalled behind a hanging transaction at offset "
                        + hangsAt) && reason.contains(command), reason);
                assertTrue(telemetry.get("scoring").scrape().contains("reviewflow_hanging_partitions{stage=\"scoring\"} 1.0"));
                assertTrue(health.get("ingest").readiness().ok() && health.get("publish").readiness().ok(),
                        "only the stage reading the partition reports it");
                assertEquals(Map.of(), OutcomeTracker.await(kafka, ids(behind), Duration.ofSeconds(1)), "stalled");
                List<String> errors = log.lines(Level.ERROR);
                assertEquals(1, errors.size(), errors.toString());
                assertTrue(errors.get(0).contains("scoring: input partition " + stalled + " is stalled behind a hanging transaction: "
                        + "its last stable offset " + hangsAt + " has not moved since ") && errors.get(0).endsWith(command), errors.get(0));

                // When the operator lists the hanging transactions and ends the one named
                CommandLineTest.Run found = CommandLineTest.run("transactions", "find-hanging", "--bootstrap-server", kafka.bootstrapServers());
                System.err.println("find-hanging printed: " + found.out());
                assertEquals(0, found.exitCode(), found.toString());
                assertTrue(found.out().startsWith(stalled + " from offset " + hangsAt + ": producer "
                        + HangingTransactionMaker.PRODUCER_ID) && found.out().strip().endsWith(command), found.toString());
                CommandLineTest.Run aborted = CommandLineTest.run("transactions", "abort", "--bootstrap-server", kafka.bootstrapServers(),
                        "--topic", stalled.topic(), "--partition", Integer.toString(stalled.partition()));
                System.err.println("abort printed: " + aborted.out());
                assertEquals(0, aborted.exitCode(), aborted.toString());
                assertTrue(aborted.out().startsWith("aborted " + stalled + " from offset " + hangsAt), aborted.toString());

                // Then the pipeline drains, every submission published exactly once, and scoring is ready again
                awaitPublished(kafka, behind);
                Map<String, Long> published = TopicReader.readAll(kafka.bootstrapServers(), Topics.PUBLISHED).stream()
                        .map(TopicReader.Read::value).collect(Collectors.groupingBy(PublishedReview::getSubmissionId,
                                Collectors.counting()));
                assertEquals(all.stream().collect(Collectors.toMap(ReviewSubmission::getSubmissionId, s -> 1L)), published);
                await(() -> scoring.readiness().ok(), "scoring to be ready again");
                assertTrue(telemetry.get("scoring").scrape().contains("reviewflow_hanging_partitions{stage=\"scoring\"} 0.0"));
                assertTrue(log.lines(Level.INFO).stream().anyMatch(l -> l.contains(stalled + " moves again")), log.lines(Level.INFO).toString());
                assertEquals(1, log.lines(Level.ERROR).size(), "one line per episode");
                assertEquals("no hanging transactions",
                        CommandLineTest.run("transactions", "find-hanging", "--bootstrap-server", kafka.bootstrapServers()).out().strip());
            } finally {
                telemetry.values().forEach(StageTelemetry::close);
            }
        }
    }

    /** {@code count} valid reviews whose home partition (Java's default partitioner) passes {@code home}. */
    private static List<ReviewSubmission> submit(KafkaSettings kafka, String prefix, int count,
                                                 java.util.function.IntPredicate home) {
        List<ReviewSubmission> sent = new ArrayList<>();
        try (SubmissionSender sender = SubmissionSender.connect(kafka)) {
            for (int i = 0; sent.size() < count; i++) {
                String reviewId = "hanging-it-" + prefix + "-" + i;
                if (!home.test(Utils.toPositive(Utils.murmur2(reviewId.getBytes(StandardCharsets.UTF_8))) % PARTITIONS)) {
                    continue;
                }
                ReviewSubmission submission = Submissions.of("it-writer", reviewId, "the-perfection.txt",
                        Samples.bytes("the-perfection.txt"), ReviewAction.SUBMIT, 1, Instant.now());
                sender.send(submission);
                sent.add(submission);
            }
        }
        return sent;
    }

    private static void awaitPublished(KafkaSettings kafka, List<ReviewSubmission> submissions) {
        Map<String, OutcomeTracker.Outcome> outcomes = OutcomeTracker.await(kafka, ids(submissions), WAIT);
        assertEquals(submissions.size(), outcomes.size(), "outcomes within " + WAIT + ": " + outcomes.keySet());
        assertTrue(outcomes.values().stream().allMatch(OutcomeTracker.Outcome::isPublished), outcomes.toString());
    }

    private static List<String> ids(List<ReviewSubmission> submissions) {
        return submissions.stream().map(ReviewSubmission::getSubmissionId).toList();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + WAIT + " for " + what);
            }
            Thread.sleep(100);
        }
    }

    /** The formatted lines one class logs while it is open, by level. */
    private static final class CapturedLog extends AbstractAppender implements AutoCloseable {
        private final List<LogEvent> events = new CopyOnWriteArrayList<>();
        private final LoggerConfig config;

        private CapturedLog(LoggerConfig config) {
            super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
            this.config = config;
        }

        static CapturedLog of(Class<?> logger) {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            CapturedLog captured = new CapturedLog(context.getConfiguration().getLoggerConfig(logger.getName()));
            captured.start();
            captured.config.addAppender(captured, null, null);
            context.updateLoggers();
            return captured;
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLoggerName().equals(HangingTransactionWatch.class.getName())) {
                events.add(event.toImmutable());
            }
        }

        List<String> lines(Level level) {
            return events.stream().filter(e -> e.getLevel() == level).map(e -> e.getMessage().getFormattedMessage()).toList();
        }

        @Override
        public void close() {
            config.removeAppender(getName());
            stop();
        }
    }
}
