package io.reviewflow.scoring.works;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.avro.WorkScore;
import io.reviewflow.contract.Topics;
import io.reviewflow.testkit.TopicReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test side of the works topics: writes {@code reviews.scored} as the scoring stage does
 * (keyed by review id, on the key's partition), and reads {@code works.scores} back as a
 * downstream consumer would ({@code read_committed}, latest value per work).
 */
final class WorkScoresTopics implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, byte[]> producer;

    WorkScoresTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends and waits for the broker's acknowledgement, so the order of calls is the order on each partition. */
    void send(ScoredReview scored) {
        sendRaw(scored.getSubmission().getReviewId(), Topics.SCORED.codec().encode(scored));
    }

    /** Sends any bytes under {@code key}, waits for the acknowledgement, and returns the record's offset. */
    long sendRaw(String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(Topics.SCORED.name(), key, value)).get().offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError("cannot send to " + Topics.SCORED.name(), e.getCause());
        }
    }

    /** Sends without waiting; records of one review keep their order, as they share its partition. */
    Future<?> sendAsync(ScoredReview scored) {
        String reviewId = scored.getSubmission().getReviewId();
        return producer.send(new ProducerRecord<>(Topics.SCORED.name(), reviewId, Topics.SCORED.codec().encode(scored)));
    }

    void flush() {
        producer.flush();
    }

    /**
     * Reads {@code works.scores} until the latest value of each work whose key starts with
     * {@code keyPrefix} satisfies {@code done}; a tombstoned work maps to null.
     */
    Map<String, WorkScore> awaitWorks(String keyPrefix, Predicate<Map<String, WorkScore>> done, Duration timeout) {
        AtomicReference<Map<String, WorkScore>> last = new AtomicReference<>(Map.of());
        try {
            TopicReader.readUntil(bootstrapServers, Topics.WORK_SCORES, read -> {
                Map<String, WorkScore> latest = latest(read, keyPrefix);
                last.set(latest);
                return done.test(latest);
            }, timeout);
        } catch (AssertionError timedOut) {
            throw new AssertionError(timedOut.getMessage() + "; latest works: " + last.get(), timedOut);
        }
        return last.get();
    }

    static Map<String, WorkScore> latest(List<TopicReader.Read<WorkScore>> read, String keyPrefix) {
        Map<String, WorkScore> latest = new LinkedHashMap<>();
        for (TopicReader.Read<WorkScore> record : read) {
            if (record.key().startsWith(keyPrefix)) {
                latest.put(record.key(), record.value());
            }
        }
        return latest;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
