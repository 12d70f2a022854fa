package io.reviewflow.testkit.guarantees;

import io.reviewflow.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Sends a workload to {@code reviews.submitted} as writers would: keyed by review id, with an
 * idempotent producer that rides out a broker restart (long delivery timeout), at an optional
 * rate, reporting progress so a scenario can inject its fault mid-stream.
 *
 * <p>Writers are in many languages, so reviews are placed as two kinds of client place them: about
 * half by Java's default partitioner, the rest as librdkafka's default ({@code consistent_random}:
 * CRC32 of the key) does for Python, Go, .NET and kcat writers, which for most keys is another
 * partition than Java's. A review's submissions always take the same partition, as one writer's would.
 */
public final class LoadDriver {

    private final Map<String, Object> clientOverrides;
    private final String bootstrapServers;
    private final AtomicInteger sentAwayFromHome = new AtomicInteger();

    public LoadDriver(String bootstrapServers, Map<String, Object> clientOverrides) {
        this.bootstrapServers = bootstrapServers;
        this.clientOverrides = Map.copyOf(clientOverrides);
    }

    public LoadDriver(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /**
     * Sends every submission in order, in a background thread. {@code progress} is called with the
     * count sent so far after each send (on the sending thread). The future completes when every
     * send is acknowledged.
     *
     * @param perSecond a ceiling on the send rate; 0 sends flat out
     */
    public CompletableFuture<Integer> start(Workload workload, int perSecond, IntConsumer progress) {
        return CompletableFuture.supplyAsync(() -> send(workload, perSecond, progress),
                runnable -> new Thread(runnable, "load-driver").start());
    }

    /** Submissions sent to another partition than Java's default partitioner would have chosen. */
    public int sentAwayFromHome() {
        return sentAwayFromHome.get();
    }

    /** The partition a review's submissions go to: Java's choice (null) for half the reviews, librdkafka's for the rest. */
    private Integer partitionFor(String reviewId, int partitions) {
        byte[] key = reviewId.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(key);
        long crc32 = crc.getValue();
        if (crc32 % 2 == 0) {
            return null;
        }
        int librdkafka = (int) (crc32 % partitions);
        if (librdkafka != Utils.toPositive(Utils.murmur2(key)) % partitions) {
            sentAwayFromHome.incrementAndGet();
        }
        return librdkafka;
    }

    private int send(Workload workload, int perSecond, IntConsumer progress) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString((int) Duration.ofMinutes(3).toMillis()));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Duration.ofMinutes(3).toMillis()));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
        props.putAll(clientOverrides);
        ConcurrentLinkedQueue<Exception> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger sent = new AtomicInteger();
        OpenLoopPace pace = new OpenLoopPace(perSecond);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(Topics.SUBMITTED.name()).size();
            for (PlannedSubmission planned : workload.submissions()) {
                byte[] value = Topics.SUBMITTED.codec().encode(planned.submission());
                String reviewId = planned.submission().getReviewId();
                producer.send(new ProducerRecord<>(Topics.SUBMITTED.name(), partitionFor(reviewId, partitions), reviewId, value),
                        (metadata, e) -> {
                            if (e != null) {
                                failures.add(e);
                            }
                        });
                int count = sent.incrementAndGet();
                progress.accept(count);
                pace.awaitDue(count);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("load driver interrupted", e);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " submission(s) could not be sent: " + failures.peek(), failures.peek());
        }
        return sent.get();
    }
}
