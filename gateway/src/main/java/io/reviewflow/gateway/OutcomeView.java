package io.reviewflow.gateway;

import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.ops.StageHealth;
import io.reviewflow.schemas.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What became of each submission, as a downstream reader sees it: a background consumer reads
 * {@code reviews.published} and {@code reviews.rejected} ({@code read_committed}, from the
 * beginning, no consumer group) into a bounded map of submission id to outcome, so the view
 * is rebuilt after a restart. A retraction's outcome is a tombstone keyed by review id, which
 * names no submission, so retractions are also read from {@code reviews.submitted}: a
 * retraction is done once a tombstone of its review is at least as new as the retraction.
 *
 * <p>Ready once it has read up to the end offsets it found at start, and while the broker has
 * answered in the last {@link #STALE_CONTACT}. Until then an unknown id simply reads as pending.
 */
final class OutcomeView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeView.class);

    static final Duration STALE_CONTACT = Duration.ofSeconds(15);
    /** Long polls waiting at once; beyond this a poll answers at once (pending), holding nothing. */
    static final int MAX_WAITERS = 10_000;
    private static final Duration END_CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> TOPICS = List.of(Topics.PUBLISHED.name(), Topics.REJECTED.name(), Topics.SUBMITTED.name());

    private record Retraction(String reviewId, String writerId, long submittedAtMillis) {}

    private final KafkaSettings kafka;
    private final Object lock = new Object();
    private final Map<String, Outcome> outcomes;
    private final Map<String, Retraction> retractions;
    /** Review id to the time of its newest tombstone. */
    private final Map<String, Long> tombstones;
    private final Map<String, List<CompletableFuture<Optional<Outcome>>>> waiters = new HashMap<>();
    private int waiting;
    private final ScheduledExecutorService timer;
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile long lastContactNanos;
    private volatile String problem = "not started";

    OutcomeView(KafkaSettings kafka, int capacity) {
        this.kafka = kafka;
        this.outcomes = bounded(capacity);
        this.retractions = bounded(capacity);
        this.tombstones = bounded(capacity);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("reviewflow-gateway-long-polls"));
        this.thread = daemon("reviewflow-gateway-outcomes").newThread(this::run);
    }

    void start() {
        thread.start();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    int size() {
        synchronized (lock) {
            return outcomes.size();
        }
    }

    StageHealth.Status readiness() {
        long sinceContact = System.nanoTime() - lastContactNanos;
        if (lastContactNanos == 0 || sinceContact > STALE_CONTACT.toNanos()) {
            return new StageHealth.Status(false, "waiting for Kafka: " + problem);
        }
        if (!caughtUp) {
            return new StageHealth.Status(false, "reading outcomes up to the end offsets found at start");
        }
        return new StageHealth.Status(true, "");
    }

    Optional<Outcome> lookup(String submissionId) {
        synchronized (lock) {
            Outcome outcome = outcomes.get(submissionId);
            if (outcome != null) {
                return Optional.of(outcome);
            }
            Retraction retraction = retractions.get(submissionId);
            Long tombstone = retraction == null ? null : tombstones.get(retraction.reviewId());
            if (tombstone != null && tombstone >= retraction.submittedAtMillis()) {
                return Optional.of(Outcome.retracted(submissionId, retraction.reviewId(), retraction.writerId()));
            }
            return Optional.empty();
        }
    }

    /** The outcome once known, or empty after {@code wait} (or at once, when too many polls wait already). */
    CompletableFuture<Optional<Outcome>> await(String submissionId, Duration wait) {
        synchronized (lock) {
            Optional<Outcome> known = lookup(submissionId);
            if (known.isPresent() || wait.isZero() || waiting >= MAX_WAITERS) {
                return CompletableFuture.completedFuture(known);
            }
            CompletableFuture<Optional<Outcome>> waiter = new CompletableFuture<>();
            waiters.computeIfAbsent(submissionId, id -> new ArrayList<>()).add(waiter);
            waiting++;
            timer.schedule(() -> {
                synchronized (lock) {
                    List<CompletableFuture<Optional<Outcome>>> forId = waiters.get(submissionId);
                    if (forId != null && forId.remove(waiter)) {
                        waiting--;
                        if (forId.isEmpty()) {
                            waiters.remove(submissionId);
                        }
                    }
                }
                waiter.complete(Optional.empty());
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
            return waiter;
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(KAFKA_TIMEOUT.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        List<CompletableFuture<Optional<Outcome>>> left = new ArrayList<>();
        synchronized (lock) {
            waiters.values().forEach(left::addAll);
            waiters.clear();
            waiting = 0;
        }
        left.forEach(waiter -> waiter.complete(Optional.empty()));
    }

    private void run() {
        Properties props = kafka.common();
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, "reviewflow-gateway-outcomes");
        props.setProperty(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
        props.setProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(KAFKA_TIMEOUT.toMillis()));
        kafka.withOverrides(props);
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = reader;
            List<TopicPartition> partitions = null;
            Map<TopicPartition, Long> endsAtStart = null;
            long nextEndCheck = 0;
            while (running) {
                try {
                    if (partitions == null) {
                        partitions = partitionsOf(reader);
                        reader.assign(partitions);
                        reader.seekToBeginning(partitions);
                        contact();
                    }
                    List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>();
                    reader.poll(Duration.ofMillis(200)).forEach(batch::add);
                    apply(batch);
                    if (System.nanoTime() >= nextEndCheck) {
                        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, KAFKA_TIMEOUT);
                        contact();
                        endsAtStart = endsAtStart == null ? ends : endsAtStart;
                        if (!caughtUp && reachedAll(reader, endsAtStart)) {
                            caughtUp = true;
                            LOG.info("gateway: outcome view caught up ({} outcomes)", size());
                        }
                        nextEndCheck = System.nanoTime() + END_CHECK_INTERVAL.toNanos();
                    }
                } catch (WakeupException e) {
                    return;
                } catch (KafkaException e) {
                    // Broker away or topics missing: readiness reports it, and the loop tries again.
                    problem = e.toString();
                    LOG.warn("gateway: outcome view waiting for Kafka: {}", e.toString());
                    pause();
                }
            }
        } catch (WakeupException e) {
            // Closed while closing.
        } catch (RuntimeException e) {
            LOG.error("gateway: outcome view stopped", e);
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> reader) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            var infos = reader.partitionsFor(topic, KAFKA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new KafkaException("topic " + topic + " does not exist (yet)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    private boolean reachedAll(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (reader.position(end.getKey(), KAFKA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(List<ConsumerRecord<String, byte[]>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Map.Entry<CompletableFuture<Optional<Outcome>>, Outcome>> settled = new ArrayList<>();
        synchronized (lock) {
            for (ConsumerRecord<String, byte[]> record : batch) {
                try {
                    read(record);
                } catch (UndecodableRecordException e) {
                    // Not ours to judge: ingest dead-letters foreign bytes; the view skips them.
                    LOG.debug("gateway: skipping undecodable record {}-{}@{}", record.topic(), record.partition(), record.offset());
                }
            }
            for (var it = waiters.entrySet().iterator(); it.hasNext(); ) {
                var entry = it.next();
                Optional<Outcome> outcome = lookup(entry.getKey());
                if (outcome.isPresent()) {
                    entry.getValue().forEach(waiter -> settled.add(Map.entry(waiter, outcome.get())));
                    waiting -= entry.getValue().size();
                    it.remove();
                }
            }
        }
        settled.forEach(s -> s.getKey().complete(Optional.of(s.getValue())));
    }

    private void read(ConsumerRecord<String, byte[]> record) throws UndecodableRecordException {
        String topic = record.topic();
        if (topic.equals(Topics.PUBLISHED.name())) {
            if (record.value() == null) {
                tombstones.merge(record.key(), record.timestamp(), Math::max);
            } else {
                Outcome published = Outcome.published(Topics.PUBLISHED.codec().decode(record.value()));
                outcomes.put((String) published.body().get("submissionId"), published);
            }
        } else if (topic.equals(Topics.REJECTED.name())) {
            var rejection = Topics.REJECTED.codec().decode(record.value());
            if (rejection.getSubmission() != null) {
                outcomes.put(rejection.getSubmission().getSubmissionId(), Outcome.rejected(rejection));
            }
        } else if (record.value() != null) {
            ReviewSubmission submission = Topics.SUBMITTED.codec().decode(record.value());
            if (submission.getAction() == ReviewAction.RETRACT) {
                retractions.put(submission.getSubmissionId(), new Retraction(submission.getReviewId(),
                        submission.getWriterId(), submission.getSubmittedAt().toEpochMilli()));
            }
        }
    }

    private void contact() {
        lastContactNanos = System.nanoTime();
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** A map that forgets its oldest entry beyond {@code capacity}: memory stays bounded however long the gateway runs. */
    private static <K, V> Map<K, V> bounded(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
