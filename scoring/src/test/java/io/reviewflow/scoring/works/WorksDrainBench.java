package io.reviewflow.scoring.works;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StageService;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.contract.Topics;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.works.service.WorksService;
import io.reviewflow.testkit.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Not a test: the drain time of {@code works} on the embedded broker, run by hand
 * ({@code -Dtest=WorksDrainBench -Dworks.bench.reviews=20000}). N scored reviews of N/10 works wait on
 * {@code reviews.scored} before the service starts; the clock runs from its start until
 * {@code works.scores} (read_committed) counts every one of them.
 */
class WorksDrainBench {

    private static final int REVIEWS = Integer.getInteger("works.bench.reviews", 20_000);
    private static final int REVIEWS_PER_WORK = 10;

    @Test
    void drain() throws Exception {
        String bootstrap = TestKafka.bootstrapServers();
        KafkaSettings kafka = KafkaSettings.of(bootstrap);
        TopicProvisioner.ensureTopics(kafka, Topics.ALL, 3, Optional.empty());
        String p = "bench" + UUID.randomUUID().toString().substring(0, 8);
        try (WorkScoresTopics topics = new WorkScoresTopics(bootstrap)) {
            for (int r = 0; r < REVIEWS; r++) {
                ScoredReview scored = ScoredReviews.scored(p + "-r" + r, 1, p + " Work " + r % (REVIEWS / REVIEWS_PER_WORK),
                        null, r % 201 / 2.0);
                topics.sendAsync(scored);
            }
            topics.flush();
        }
        long started = System.nanoTime();
        AutoCloseable service = startService(kafka);
        try {
            long counted = awaitCounted(bootstrap, p, REVIEWS, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("RESULT variant=%s reviews=%d counted=%d drain_seconds=%.2f reviews_per_second=%.0f%n",
                    variant(), REVIEWS, counted, seconds, REVIEWS / seconds);
        } finally {
            service.close();
        }
    }

    private static String variant() {
        return "works-loop";
    }

    private static AutoCloseable startService(KafkaSettings kafka) {
        List<StageService<?>> loops = WorksService.create(StageSettings.defaults(kafka, "bench"), VerdictScale.preset("house"));
        loops.forEach(StageService::start);
        return () -> loops.forEach(StageService::stop);
    }

    /** Tails works.scores until the works under {@code prefix} count {@code expected} reviews in all. */
    private static long awaitCounted(String bootstrap, String prefix, long expected, Duration timeout) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        long total = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.GROUP_ID_CONFIG, "works-bench-" + UUID.randomUUID()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.WORK_SCORES.name()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (total < expected) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("counted " + total + " of " + expected + " within " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() == null || !record.key().startsWith(prefix)) {
                        continue;
                    }
                    int count = record.value() == null ? 0 : Topics.WORK_SCORES.codec().decode(record.value()).getReviewCount();
                    Integer before = counts.put(record.key(), count);
                    total += count - (before == null ? 0 : before);
                }
            }
        }
        return total;
    }
}
