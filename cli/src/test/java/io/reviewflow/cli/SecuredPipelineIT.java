package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.IngestedReview;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.avro.ReviewRejection;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.contract.ReviewRecords;
import io.reviewflow.contract.Topics;
import io.reviewflow.domain.Outcome;
import io.reviewflow.domain.Review;
import io.reviewflow.domain.WorkKey;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.ingest.service.IngestStage;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.runtime.TopicReader;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.scoring.works.service.ContributionStage;
import io.reviewflow.scoring.works.service.TallyStage;
import io.reviewflow.scoring.works.service.WorksService;
import io.reviewflow.testkit.PipelineAcls.StageAccess;
import io.reviewflow.testkit.PipelineAcls;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.SecuredBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline on a broker secured as production would be: SASL_SSL with SCRAM-SHA-512, the
 * standard KRaft authorizer denying whatever no ACL allows, one principal per service holding
 * only {@link PipelineAcls}. The broker is this class's own (the shared test broker stays
 * PLAINTEXT), its certificate made in a temporary directory; the administrator creates the topics.
 */
class SecuredPipelineIT {

    /** How long a misconfigured service may take to stop: a retry loop or a hang fails the test. */
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(30);
    private static final Duration WAIT = PipelineFixture.WAIT;
    private static final String WRONG_PASSWORD = "not-the-password";

    @TempDir
    static Path certificates;

    private static SecuredBroker broker;
    private static KafkaSettings ingest;
    private static KafkaSettings scoring;
    private static KafkaSettings publish;
    private static KafkaSettings works;
    private static KafkaSettings writer;
    private static KafkaSettings reader;

    @BeforeAll
    static void startSecuredBroker() {
        broker = SecuredBroker.start(certificates);
        // Services may not create topics: the administrator provisions them all first.
        TopicProvisioner.ensureTopics(broker.superUser(), Topics.ALL, 3, Optional.empty());
        TopicProvisioner.ensureStateTopics(broker.superUser(), Topics.SUBMITTED.name(), List.of(IngestStage.LEDGER));
        assertEquals(IngestStage.LEDGER.name(), PipelineAcls.INGEST_STATE_TOPIC, "PipelineAcls names ingest's state topic");
        TopicProvisioner.ensureStateTopics(broker.superUser(), Topics.SCORED.name(), List.of(ContributionStage.CONTRIBUTIONS));
        TopicProvisioner.ensureStateTopics(broker.superUser(), Topics.WORK_CONTRIBUTIONS.name(), List.of(TallyStage.TALLIES));

        Map<String, KafkaSettings> users = broker.createUsers(List.of("ingest", "scoring", "publish", "works", "writer", "reader"));
        ingest = users.get("ingest");
        scoring = users.get("scoring");
        publish = users.get("publish");
        works = users.get("works");
        writer = users.get("writer");
        reader = users.get("reader");
        List<AclBinding> acls = new ArrayList<>();
        acls.addAll(PipelineAcls.forStage("ingest", PipelineAcls.INGEST));
        acls.addAll(PipelineAcls.forStage("scoring", PipelineAcls.SCORING));
        acls.addAll(PipelineAcls.forStage("publish", PipelineAcls.PUBLISH));
        acls.addAll(PipelineAcls.forStage("works", PipelineAcls.WORKS_CONTRIBUTIONS));
        acls.addAll(PipelineAcls.forStage("works", PipelineAcls.WORKS_TALLIES));
        acls.addAll(PipelineAcls.forWriter("writer"));
        acls.addAll(PipelineAcls.forReader("reader", List.of(Topics.PUBLISHED.name(), Topics.REJECTED.name(), Topics.WORK_SCORES.name())));
        broker.grant(acls);
    }

    @AfterAll
    static void stopSecuredBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void thePipelineRunsEndToEndWithOneLeastPrivilegeCredentialPerService() {
        // Given ingest, scoring, publish and works, each logged in as itself over SASL_SSL
        List<StageService<?>> services = new ArrayList<>(List.of(
                IngestService.create(settings(ingest), IngestLimits.defaults()),
                ScoringService.create(settings(scoring), VerdictScale.preset("house")),
                PublishService.create(settings(publish))));
        services.addAll(WorksService.create(settings(works), VerdictScale.preset("house")));
        services.forEach(StageService::start);
        try {
            // When a writer submits a good review, one without a score and one with a score out of range
            ReviewSubmission good = PipelineFixture.submission("the-perfection.txt", Samples.bytes("the-perfection.txt"));
            ReviewSubmission unscored = PipelineFixture.submission("missing-score.txt", Samples.bytes("missing-score.txt"));
            ReviewSubmission outOfRange = PipelineFixture.submission("score-out-of-range.txt", Samples.bytes("score-out-of-range.txt"));
            try (SubmissionSender sender = SubmissionSender.connect(writer)) {
                sender.send(good);
                sender.send(unscored);
                sender.send(outOfRange);
            }

            // Then a reader sees the first published, the second rejected by ingest, and the third by scoring
            Map<String, OutcomeTracker.Outcome> outcomes = OutcomeTracker.await(reader,
                    List.of(good.getSubmissionId(), unscored.getSubmissionId(), outOfRange.getSubmissionId()), WAIT);
            assertEquals(3, outcomes.size(), "outcomes seen: " + outcomes.keySet());
            ReviewRejection byScoring = outcomes.get(outOfRange.getSubmissionId()).rejection();
            assertEquals("SCORE_OUT_OF_RANGE", byScoring.getReason());
            // with the whole submission, read back from reviews.submitted under scoring's own credential
            // (seen to fail without scoring's READ on reviews.submitted)
            assertEquals(outOfRange, byScoring.getSubmission(), byScoring.getMessage());
            PublishedReview published = outcomes.get(good.getSubmissionId()).published();
            assertEquals("The Perfection", published.getReview().getTitle());
            assertEquals(60, published.getScore().getDisplay());
            assertEquals("CHILLIN", published.getVerdict().getLabel());
            ReviewRejection rejection = outcomes.get(unscored.getSubmissionId()).rejection();
            assertEquals("MISSING_SCORE", rejection.getReason());
            assertEquals("ingest", rejection.getStage());
            // and the work's score, counted by the works service under its own credential
            String work = WorkKey.of("The Perfection", "Netflix Original");
            List<TopicReader.Read<WorkScore>> scores = TopicReader.readUntil(reader, Topics.WORK_SCORES,
                    read -> read.stream().anyMatch(r -> work.equals(r.key())), WAIT);
            WorkScore score = scores.stream().filter(r -> work.equals(r.key())).reduce((a, b) -> b).orElseThrow().value();
            // (other tests of this class submit the same sample: every review of it scores 60)
            assertTrue(score.getReviewCount() >= 1, score.toString());
            assertEquals(60, score.getMeanDisplay());
            for (StageService<?> service : services) {
                assertFalse(service.termination().isDone(), service.name() + " stopped");
            }
        } finally {
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).stop();
            }
        }
        for (StageService<?> service : services) {
            assertFalse(service.termination().isCompletedExceptionally(), service.name() + " stopped with an error");
        }
    }

    @Test
    void aServiceStartedWithAWrongPasswordExitsWithOneLineAboutAuthentication() {
        // Given the ingest command line with the right user and a wrong password
        String[] args = commandLine(broker.settingsFor("ingest", WRONG_PASSWORD), "secured-it-wrong-password");
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        // When it runs
        int exit = assertTimeoutPreemptively(STOPS_WITHIN, () -> ServiceMain.run("ingest", args, Map.of(),
                (settings, extra) -> IngestService.create(settings, IngestLimits.defaults()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)));

        // Then it exits non-zero with one line that says authentication failed, and no password
        String output = stderr.toString(StandardCharsets.UTF_8).strip();
        assertNotEquals(ServiceMain.EXIT_OK, exit, output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.toLowerCase(Locale.ROOT).contains("authentication"), output);
        assertFalse(output.contains(WRONG_PASSWORD), "the password is not printed");
    }

    @Test
    void aServiceThatMayNotCreateAMissingTopicExitsWithOneLineNamingIt() {
        // Given ingest's ACLs except that it cannot see works.scores, so to it that topic is missing
        String principal = "ingest-without-works";
        KafkaSettings blind = broker.createUser(principal);
        broker.grant(PipelineAcls.forStage(principal, PipelineAcls.INGEST).stream()
                .filter(acl -> !acl.pattern().name().equals(Topics.WORK_SCORES.name()))
                .toList());
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        // When the ingest command starts with it
        int exit = assertTimeoutPreemptively(STOPS_WITHIN, () -> ServiceMain.run("ingest", commandLine(blind, "secured-it-blind"),
                Map.of(), (settings, extra) -> IngestService.create(settings, IngestLimits.defaults()),
                new PrintStream(stderr, true, StandardCharsets.UTF_8)));

        // Then it exits non-zero with one line naming the topic it may not create
        String output = stderr.toString(StandardCharsets.UTF_8).strip();
        assertNotEquals(ServiceMain.EXIT_OK, exit, output);
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.contains(Topics.WORK_SCORES.name()), output);
        assertTrue(output.toLowerCase(Locale.ROOT).contains("authori"), output);
    }

    @Test
    void stageServicesWithAWrongPasswordStopWithAnAuthenticationError() {
        // Given each service with its user name and a wrong password
        List<StageService<?>> services = List.of(
                IngestService.create(settings(broker.settingsFor("ingest", WRONG_PASSWORD)), IngestLimits.defaults()),
                ScoringService.create(settings(broker.settingsFor("scoring", WRONG_PASSWORD)), VerdictScale.preset("house")),
                PublishService.create(settings(broker.settingsFor("publish", WRONG_PASSWORD))));
        try {
            // When they start
            services.forEach(StageService::start);

            // Then each stops by itself, with the authentication failure as the reason, instead of retrying
            for (StageService<?> service : services) {
                Throwable failure = failureWithin(service, STOPS_WITHIN);
                assertTrue(causedBy(failure, AuthenticationException.class), service.name() + ": " + failure);
            }
        } finally {
            services.forEach(StageService::stop);
        }
    }

    @Test
    void aServiceThatMayNotWriteItsOutputStopsWithAnAuthorizationError() {
        // Given scoring logged in as a principal with scoring's ACLs except WRITE on reviews.scored
        String principal = "scoring-without-scored";
        KafkaSettings limited = broker.createUser(principal);
        broker.grant(PipelineAcls.forStage(principal, new StageAccess("scoring", Topics.INGESTED.name(),
                List.of(Topics.REJECTED.name()), List.of())));
        StageService<?> service = ScoringService.create(StageSettings.defaults(limited, "secured-it-limited"),
                VerdictScale.preset("house"));
        service.start();
        try {
            // When an ingested review reaches it
            sendIngested("the-perfection.txt");

            // Then it stops by itself, naming the topic it may not write, instead of retrying the batch
            Throwable failure = failureWithin(service, STOPS_WITHIN);
            assertTrue(causedBy(failure, AuthorizationException.class), String.valueOf(failure));
            assertTrue(messages(failure).contains(Topics.SCORED.name()), messages(failure));
        } finally {
            service.stop();
        }
    }

    /** A service command line that connects as {@code kafka} does, its client properties passed with --property. */
    private static String[] commandLine(KafkaSettings kafka, String instanceId) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", kafka.bootstrapServers(), "--instance-id", instanceId));
        kafka.clientOverrides().forEach((key, value) -> {
            args.add("--property");
            args.add(key + "=" + value);
        });
        return args.toArray(String[]::new);
    }

    private static StageSettings settings(KafkaSettings kafka) {
        return StageSettings.defaults(kafka, "secured-it");
    }

    /** Writes a review as ingest would have, as the administrator: the stage under test sees real input. */
    private static void sendIngested(String sample) {
        ReviewSubmission submission = PipelineFixture.submission(sample, Samples.bytes(sample));
        Outcome<Review> parsed = new DocumentParser(IngestLimits.defaults()).parse(Samples.bytes(sample), null);
        Review review = ((Outcome.Accepted<Review>) parsed).value();
        IngestedReview ingested = new IngestedReview(submission, null, ReviewRecords.toAvro(review), Instant.now());
        KafkaSettings admin = broker.superUser();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(admin.withOverrides(admin.common()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.INGESTED.name(), submission.getReviewId(),
                    Topics.INGESTED.codec().encode(ingested))).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot write to " + Topics.INGESTED.name(), e);
        }
    }

    /** The error a service stopped with; fails if it is still running after {@code bound} or stopped cleanly. */
    private static Throwable failureWithin(StageService<?> service, Duration bound) {
        try {
            service.termination().get(bound.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(service.name() + " stopped without an error");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError(service.name() + " was still running after " + bound + ": it retries instead of stopping");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t).append(" | ");
        }
        return all.toString();
    }
}
