package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The anchor: what plain kafka-clients, configured for throughput, get through three exactly-once
 * hops on this broker. No reviewflow code runs in it: each hop is a consumer and a transactional
 * producer in a loop shaped like Apache Kafka's {@code TransactionalMessageCopier} — poll, send every
 * record unchanged (bytes in, bytes out, no Avro), {@code sendOffsetsToTransaction}, commit: one
 * transaction per poll batch. Settings: {@code max.poll.records} 5000, 8 MiB fetches
 * ({@code max.partition.fetch.bytes}, {@code fetch.max.bytes}), {@code read_committed}; producer
 * {@code batch.size} 256 KiB, {@code linger.ms} 20. Topics {@code submitted → a → b → c}, prefixed
 * with the run's id, each configured like the standard topic at the same hop; every record is the
 * submission the bench sent. Where the ceiling is our own loop with identity stages, this is the
 * loop as Kafka's own tools write it: the figure the pipeline is held against from outside.
 */
final class AnchorVariant implements PipelineVariant {

    static final String NAME = "anchor";
    static final int MAX_POLL_RECORDS = 5_000;
    static final int FETCH_BYTES = 8 << 20;
    static final int BATCH_SIZE = 262_144;
    static final int LINGER_MS = 20;

    private final String bootstrapServers;
    private final String runId;
    private final List<String> topics;
    private final List<Hop> hops = new ArrayList<>();

    AnchorVariant(String bootstrapServers, String runId) {
        this.bootstrapServers = bootstrapServers;
        this.runId = runId;
        String prefix = "bench-" + runId + "-anchor.";
        this.topics = List.of(prefix + "submitted", prefix + "a", prefix + "b", prefix + "c");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean rejectsAsPlanned() {
        return false;
    }

    @Override
    public String description() {
        return "plain kafka-clients, TransactionalMessageCopier-shaped: bytes copied unchanged, one transaction per poll "
                + "batch (max.poll.records " + MAX_POLL_RECORDS + ", 8 MiB fetches, batch.size " + BATCH_SIZE + ", linger.ms "
                + LINGER_MS + ")";
    }

    @Override
    public String submittedTopic() {
        return topics.get(0);
    }

    @Override
    public List<String> outcomeTopics() {
        return List.of(topics.get(3));
    }

    @Override
    public void prepare(TopicAdmin admin, int partitions) throws Exception {
        cleanUp(admin);
        // Each hop's topic is configured like the standard topic at the same place (the third is compacted, as reviews.scored).
        admin.createTopics(List.of(
                new TopicAdmin.NewTopicSpec(topics.get(0), Topics.SUBMITTED.topicConfig()),
                new TopicAdmin.NewTopicSpec(topics.get(1), Topics.INGESTED.topicConfig()),
                new TopicAdmin.NewTopicSpec(topics.get(2), Topics.SCORED.topicConfig()),
                new TopicAdmin.NewTopicSpec(topics.get(3), Topics.PUBLISHED.topicConfig())), partitions);
    }

    @Override
    public void cleanUp(TopicAdmin admin) throws Exception {
        admin.deleteTopics(topics);
        admin.deleteGroups(List.of(group(0), group(1), group(2)), true);
    }

    private String group(int hop) {
        return "bench-anchor-" + runId + "-hop" + hop;
    }

    @Override
    public void start() {
        for (int i = 0; i < 3; i++) {
            Hop hop = new Hop(i, topics.get(i), topics.get(i + 1));
            hops.add(hop);
            hop.thread.start();
        }
    }

    @Override
    public boolean ready() {
        return hops.size() == 3 && hops.stream().allMatch(h -> h.assigned > 0 && h.failure == null);
    }

    @Override
    public long transactions() {
        return hops.stream().mapToLong(h -> h.transactions.get()).sum();
    }

    @Override
    public void close() {
        // Downstream first, as the other variants stop.
        for (int i = hops.size() - 1; i >= 0; i--) {
            hops.get(i).stop();
        }
    }

    /** One hop: its own consumer group and transactional id, a thread of its own. */
    private final class Hop implements Runnable {
        private final int index;
        private final String input;
        private final String output;
        private final Thread thread;
        private final AtomicLong transactions = new AtomicLong();
        private volatile boolean running = true;
        private volatile int assigned;
        private volatile Throwable failure;
        private KafkaConsumer<byte[], byte[]> consumer;

        Hop(int index, String input, String output) {
            this.index = index;
            this.input = input;
            this.output = output;
            // "anchor-": CpuAccount counts these threads with the stage loops.
            this.thread = new Thread(this, "anchor-hop" + index + "-" + runId);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, group(index));
            c.put(ConsumerConfig.CLIENT_ID_CONFIG, "anchor-hop" + index + "-consumer");
            c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(MAX_POLL_RECORDS));
            c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(FETCH_BYTES));
            c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(FETCH_BYTES));
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "anchor-hop" + index + "-producer");
            p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-anchor-" + runId + "-hop" + index);
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_SIZE));
            p.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(FETCH_BYTES));
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
                 KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                this.consumer = consumer;
                producer.initTransactions();
                consumer.subscribe(List.of(input), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        assigned = 0;
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        assigned = consumer.assignment().size();
                    }
                });
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty()) {
                        continue;
                    }
                    try {
                        producer.beginTransaction();
                        for (ConsumerRecord<byte[], byte[]> record : records) {
                            producer.send(new ProducerRecord<>(output, record.key(), record.value()));
                        }
                        producer.sendOffsetsToTransaction(positions(consumer), consumer.groupMetadata());
                        producer.commitTransaction();
                        transactions.incrementAndGet();
                    } catch (ProducerFencedException | WakeupException e) {
                        throw e;
                    } catch (KafkaException e) {
                        // As the copier: abort and go back to what the group last committed, then carry on.
                        producer.abortTransaction();
                        rewind(consumer);
                    }
                }
            } catch (WakeupException e) {
                // stop()
            } catch (Throwable t) {
                if (running) {
                    failure = t;
                    System.err.println("bench: anchor hop " + index + " failed: " + t);
                }
            }
        }

        private static Map<TopicPartition, OffsetAndMetadata> positions(KafkaConsumer<byte[], byte[]> consumer) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : consumer.assignment()) {
                offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
            }
            return offsets;
        }

        private static void rewind(KafkaConsumer<byte[], byte[]> consumer) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
            for (TopicPartition partition : consumer.assignment()) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset != null) {
                    consumer.seek(partition, offset.offset());
                } else {
                    consumer.seekToBeginning(List.of(partition));
                }
            }
        }

        void stop() {
            running = false;
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (c != null) {
                c.wakeup();
            }
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
