package io.reviewflow.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** What the open transaction holds: the input positions to commit with it and what it sent. */
final class OpenTransaction {
    final long started = System.nanoTime();
    final Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
    final List<String> rejections = new ArrayList<>();
    int consumed;
    int produced;
    /** Input records sent on to their home partition instead of being processed. */
    int forwarded;

    void consumed(ConsumerRecord<String, byte[]> record) {
        nextOffsets.put(new TopicPartition(record.topic(), record.partition()),
                new OffsetAndMetadata(record.offset() + 1, record.leaderEpoch(), ""));
        consumed++;
    }

    void produced(OutgoingRecord record) {
        produced++;
        if (record.rejection()) {
            rejections.add(record.rejectionReason());
        }
    }

    long openNanos() {
        return System.nanoTime() - started;
    }
}
