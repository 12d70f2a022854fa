package io.reviewflow.runtime.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The decision of {@link HangingTransactionWatch}, apart from Kafka and the clock: which partitions'
 * last stable offset has stood still behind their end for longer than a threshold. Each look brings
 * both offsets per partition and the time of the look; the answer is what changed.
 *
 * <ul>
 *   <li>The last stable offset at the end: nothing is open, the partition is fine.</li>
 *   <li>Behind the end at a new offset: something is open there; the stall is timed from this look
 *       (the offset may have stood there a little longer: {@code since} is a lower bound).</li>
 *   <li>Behind the end at the same offset as the last look for longer than the threshold: hanging,
 *       reported once per episode, however many looks follow.</li>
 *   <li>A hanging partition whose offset moves or reaches the end: cleared, reported once.</li>
 * </ul>
 * Not thread-safe: the watch calls it from its own thread only.
 */
final class StalledPartitions {

    /** A partition's last stable offset and its end (high watermark), as one look saw them. */
    record Offsets(long lastStable, long end) {}

    /** A partition whose last stable offset stands behind its end, since the first look that saw it there. */
    record Stall(TopicPartition partition, long lastStable, long end, Instant since) {}

    /** What one look changed. */
    sealed interface Change permits BecameHanging, Cleared {}

    /** The partition's last stable offset has not moved for longer than the threshold. */
    record BecameHanging(Stall stall) implements Change {}

    /** A partition reported hanging moves again (or is no longer behind). */
    record Cleared(TopicPartition partition, long lastStable) implements Change {}

    private final Map<TopicPartition, Stall> stalls = new HashMap<>();
    private final Map<TopicPartition, Stall> hanging = new HashMap<>();

    /**
     * Takes one look at {@code seen} partitions, made at {@code now}. Partitions the look did not
     * reach keep their state; forget partitions that are no longer watched with {@link #retain}.
     */
    List<Change> update(Map<TopicPartition, Offsets> seen, Instant now, Duration threshold) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<TopicPartition, Offsets> entry : seen.entrySet()) {
            TopicPartition partition = entry.getKey();
            Offsets offsets = entry.getValue();
            Stall previous = stalls.get(partition);
            if (offsets.lastStable() >= offsets.end()) {
                stalls.remove(partition);
                clear(partition, offsets, changes);
            } else if (previous == null || previous.lastStable() != offsets.lastStable()) {
                stalls.put(partition, new Stall(partition, offsets.lastStable(), offsets.end(), now));
                clear(partition, offsets, changes);
            } else {
                Stall current = new Stall(partition, offsets.lastStable(), offsets.end(), previous.since());
                stalls.put(partition, current);
                if (hanging.containsKey(partition)) {
                    hanging.put(partition, current);
                } else if (Duration.between(previous.since(), now).compareTo(threshold) > 0) {
                    hanging.put(partition, current);
                    changes.add(new BecameHanging(current));
                }
            }
        }
        return changes;
    }

    /**
     * Forgets every partition not in {@code watched}, silently: a partition handed to another
     * instance is that instance's to report.
     */
    void retain(Collection<TopicPartition> watched) {
        stalls.keySet().retainAll(watched);
        hanging.keySet().retainAll(watched);
    }

    /** The partitions hanging now, in topic and partition order. */
    List<Stall> hanging() {
        return hanging.values().stream()
                .sorted(Comparator.comparing((Stall s) -> s.partition().topic()).thenComparingInt(s -> s.partition().partition()))
                .toList();
    }

    private void clear(TopicPartition partition, Offsets offsets, List<Change> changes) {
        if (hanging.remove(partition) != null) {
            changes.add(new Cleared(partition, offsets.lastStable()));
        }
    }
}
