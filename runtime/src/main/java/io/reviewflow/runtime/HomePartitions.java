package io.reviewflow.runtime;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a keyed input record belongs for a stage that keeps per-key state: its <em>home</em>
 * partition, the one Java's default partitioner gives the key over the input's partition count.
 * The state of a key lives only there, so a decision about it is only right there.
 *
 * <p>Writers use whatever partitioner their client has (librdkafka's CRC32, a random one, an
 * explicit partition), so a record may arrive elsewhere. Such a record is not processed where it
 * lands: the loop forwards its bytes, headers and timestamp to the home partition of the same
 * topic inside the transaction that consumes it, and it is decided when it is read there. The
 * forward and the consumed offset commit together, so a record is forwarded exactly once.
 */
final class HomePartitions {

    /** Names the position the record was forwarded from ({@code topic-partition@offset}), for tracing. */
    static final String FORWARDED_FROM_HEADER = "reviewflow-forwarded-from";

    private final int partitions;

    HomePartitions(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        this.partitions = partitions;
    }

    int partitions() {
        return partitions;
    }

    /** The partition Java's default partitioner picks for {@code key} (its murmur2 over the key's UTF-8 bytes). */
    int of(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * The record to send that moves {@code record} to its home partition, or null when it is home
     * already or has no key (a keyless record has no state to consult; the stage rejects it where it is).
     */
    ProducerRecord<String, byte[]> forwardIfAway(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return null;
        }
        int home = of(record.key());
        if (home == record.partition()) {
            return null;
        }
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(FORWARDED_FROM_HEADER);
        headers.add(FORWARDED_FROM_HEADER, (record.topic() + "-" + record.partition() + "@" + record.offset())
                .getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(record.topic(), home, record.timestamp(), record.key(), record.value(), headers);
    }
}
