package io.reviewflow.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage's per-key state, held in memory per input partition and changelogged to compacted
 * topics that are partitioned like the input. The changelog is the truth: when the stage is
 * assigned a partition it replays that partition of each changelog ({@code read_committed}, so
 * only state from committed transactions), and when it loses the partition it forgets it.
 *
 * <p>Writes are staged in two layers above the committed view: one for the record being processed
 * (dropped if the stage throws) and one for the batch (dropped if the transaction aborts), so the
 * in-memory view only ever moves with a committed transaction. Used only on the polling thread.
 */
final class KeyedStateStores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedStateStores.class);
    private static final byte[] DELETED = new byte[0];

    private final List<TopicSpec<?>> stores;
    private final KafkaSettings kafka;
    /** store name -> partition -> key -> encoded state. */
    private final Map<String, Map<Integer, Map<String, byte[]>>> committed = new HashMap<>();
    private final Map<String, Map<Integer, Map<String, byte[]>>> batch = new HashMap<>();
    private final Duration settleTimeout;
    private KafkaConsumer<String, byte[]> restorer;
    private KafkaConsumer<String, byte[]> endReader;

    /**
     * @param settleTimeout how long a restore waits for a previous owner's open transaction to end;
     *                      the broker aborts it after the transaction timeout at the latest
     */
    KeyedStateStores(List<TopicSpec<?>> stores, KafkaSettings kafka, Duration settleTimeout) {
        this.stores = List.copyOf(stores);
        this.kafka = kafka;
        this.settleTimeout = settleTimeout;
        for (TopicSpec<?> store : stores) {
            committed.put(store.name(), new HashMap<>());
            batch.put(store.name(), new HashMap<>());
        }
    }

    boolean isEmpty() {
        return stores.isEmpty();
    }

    List<TopicSpec<?>> stores() {
        return stores;
    }

    /** Reads through the record layer (given), the batch layer, then the committed view. */
    byte[] read(String store, int partition, String key, Map<String, Map<String, byte[]>> recordLayer) {
        byte[] value = recordLayer.getOrDefault(store, Map.of()).get(key);
        if (value == null) {
            value = batch.get(store).getOrDefault(partition, Map.of()).get(key);
        }
        if (value == null) {
            value = committed.get(store).getOrDefault(partition, Map.of()).get(key);
        }
        return value == DELETED ? null : value;
    }

    /** The committed state of one store's partition, as restored or since committed; empty if not owned. */
    Map<String, byte[]> committed(String store, int partition) {
        return java.util.Collections.unmodifiableMap(committed.get(store).getOrDefault(partition, Map.of()));
    }

    /** Moves a successfully processed record's writes into the batch layer. */
    void acceptRecord(int partition, Map<String, Map<String, byte[]>> recordLayer) {
        recordLayer.forEach((store, writes) -> batch.get(store).computeIfAbsent(partition, p -> new HashMap<>()).putAll(writes));
    }

    static byte[] deletedMarker() {
        return DELETED;
    }

    static boolean isDeleted(byte[] value) {
        return value == DELETED;
    }

    /** The transaction committed: the batch's writes become the committed view. */
    void commitBatch() {
        batch.forEach((store, partitions) -> {
            partitions.forEach((partition, writes) -> {
                Map<String, byte[]> view = committed.get(store).get(partition);
                if (view == null) {
                    return; // The partition was revoked meanwhile; its new owner restores from the changelog.
                }
                writes.forEach((key, value) -> {
                    if (value == DELETED) {
                        view.remove(key);
                    } else {
                        view.put(key, value);
                    }
                });
            });
            partitions.clear();
        });
    }

    /** The transaction aborted: forget the batch's writes; the rewound batch will write them again. */
    void abortBatch() {
        batch.values().forEach(Map::clear);
    }

    /** Replays the changelog partitions matching newly assigned input partitions. */
    void restore(Collection<TopicPartition> assigned) {
        if (stores.isEmpty() || assigned.isEmpty()) {
            return;
        }
        List<TopicPartition> changelog = new ArrayList<>();
        for (TopicSpec<?> store : stores) {
            for (TopicPartition input : assigned) {
                changelog.add(new TopicPartition(store.name(), input.partition()));
                committed.get(store.name()).put(input.partition(), new HashMap<>());
            }
        }
        KafkaConsumer<String, byte[]> consumer = restorer();
        consumer.assign(changelog);
        consumer.seekToBeginning(changelog);
        long restored = 0;
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        // Read to the end, and until no transaction is pending on these partitions. The previous
        // owner's last commit may have its markers still in flight: the last stable offset then
        // trails the log end, and stopping there would restore state older than the offsets
        // this instance is about to resume from (the consumer waits for those to be stable).
        while (true) {
            Map<TopicPartition, Long> stable = consumer.endOffsets(changelog);
            while (!caughtUp(consumer, changelog, stable)) {
                restored += apply(consumer.poll(Duration.ofMillis(100)));
            }
            if (stable.equals(logEnds(consumer, changelog))) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("state topics " + changelog + " still have an open transaction after "
                        + settleTimeout.toSeconds() + " s; cannot restore state consistently");
            }
            restored += apply(consumer.poll(Duration.ofMillis(100)));
        }
        consumer.assign(List.of());
        LOG.info("restored {} state record(s) for partitions {}", restored, partitionsOf(assigned));
    }

    private long apply(Iterable<ConsumerRecord<String, byte[]>> records) {
        long count = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            Map<String, byte[]> view = committed.get(record.topic()).get(record.partition());
            if (record.value() == null) {
                view.remove(record.key());
            } else {
                view.put(record.key(), record.value());
            }
            count++;
        }
        return count;
    }

    /** Log end offsets including records of open transactions: what the stable offsets must reach. */
    private Map<TopicPartition, Long> logEnds(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        if (endReader == null) {
            Properties props = kafka.common();
            props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
            props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            kafka.withOverrides(props);
            endReader = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return endReader.endOffsets(partitions);
    }

    /** Forgets state of partitions this instance no longer owns. */
    void drop(Collection<TopicPartition> revoked) {
        for (TopicSpec<?> store : stores) {
            for (TopicPartition partition : revoked) {
                committed.get(store.name()).remove(partition.partition());
                batch.get(store.name()).remove(partition.partition());
            }
        }
    }

    @Override
    public void close() {
        if (restorer != null) {
            restorer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        if (endReader != null) {
            endReader.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private KafkaConsumer<String, byte[]> restorer() {
        if (restorer == null) {
            Properties props = kafka.common();
            props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
            kafka.withOverrides(props);
            restorer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return restorer;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions,
                                    Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    private static Set<Integer> partitionsOf(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new java.util.TreeSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return numbers;
    }
}
