package io.reviewflow.benchmarks.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a variant's outcome topics as a downstream site would: {@code read_committed}, from the
 * beginning of the (fresh) topics. A review's latency ends when its outcome is returned by poll
 * here, i.e. once the last hop's transaction committed and a reader could see it; that is the
 * latency a site experiences, and it is measured the same way for every variant. Values are not
 * decoded: the key (the review id) says which review it was, the topic whether it was a rejection.
 */
final class OutcomeReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> rejectionTopics;
    private final Map<String, Phase> phases = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    OutcomeReader(String bootstrapServers, List<String> topics, List<String> rejectionTopics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-outcome-reader");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.rejectionTopics = List.copyOf(rejectionTopics);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "bench-outcome-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Routes outcomes with keys {@code phase.tag + index} to the phase; register before sending. */
    void register(Phase phase) {
        phases.put(phase.tag, phase);
    }

    Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                for (ConsumerRecord<String, byte[]> record : records) {
                    route(record, now);
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void route(ConsumerRecord<String, byte[]> record, long now) {
        String key = record.key();
        int dash = key == null ? -1 : key.lastIndexOf('-');
        Phase phase = dash < 0 ? null : phases.get(key.substring(0, dash + 1));
        if (phase == null) {
            return;
        }
        int index;
        try {
            index = Integer.parseInt(key.substring(dash + 1));
        } catch (NumberFormatException e) {
            phase.unknown.incrementAndGet();
            return;
        }
        phase.seen(index, rejectionTopics.contains(record.topic()), now);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
