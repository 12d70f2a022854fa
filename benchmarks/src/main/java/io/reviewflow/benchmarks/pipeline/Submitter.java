package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a phase's reviews as writers would: keyed by review id, idempotent producer, acks=all.
 * Each submission's {@code submittedAt} is set to the moment it is handed to the producer and its
 * send time noted for latency; encoding (a few microseconds) happens just before, so it is not
 * counted. At a fixed rate, sends follow a schedule (open loop): a slow pipeline does not slow the
 * offered load, so its queueing shows up in the latencies.
 */
final class Submitter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    Submitter(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-submitter");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L << 20));
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every review of {@code phase} to {@code topic}, blocking until all are acknowledged. */
    void send(Phase phase, String topic) throws InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < phase.size(); i++) {
            if (phase.ratePerSecond > 0) {
                long due = start + (long) (i * 1e9 / phase.ratePerSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            ReviewSubmission submission = phase.submission(i);
            submission.setSubmittedAt(Instant.now());
            byte[] value = Topics.SUBMITTED.codec().encode(submission);
            phase.sentNanos.set(i, System.nanoTime());
            producer.send(new ProducerRecord<>(topic, submission.getReviewId(), value), (metadata, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
            phase.sent.incrementAndGet();
        }
        producer.flush();
        phase.allAckedNanos = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("submission failed: " + failure.get(), failure.get());
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
