package io.reviewflow.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reviewflow.runtime.ops.StalledPartitions.BecameHanging;
import io.reviewflow.runtime.ops.StalledPartitions.Cleared;
import io.reviewflow.runtime.ops.StalledPartitions.Offsets;
import io.reviewflow.runtime.ops.StalledPartitions.Stall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * When a last stable offset that stands still counts as a hanging transaction, and when it stops
 * counting, with the time of each look given (no clock, no sleeping).
 *
 * <p>Seen to fail on purpose before passing: with {@code update} never adding a {@code BecameHanging}
 * (a detector that never fires) the first three tests fail; with the "moved" branch not clearing,
 * the clearing tests fail.
 */
class StalledPartitionsTest {

    private static final TopicPartition INPUT = new TopicPartition("reviews.ingested", 1);
    private static final TopicPartition OTHER = new TopicPartition("reviews.ingested", 2);
    private static final Duration THRESHOLD = Duration.ofMinutes(15);
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private final StalledPartitions stalls = new StalledPartitions();

    @Test
    void aLastStableOffsetStuckBehindTheEndPastTheThresholdIsHangingOnce() {
        assertEquals(List.of(), look(T0, 42, 50));
        assertEquals(List.of(), look(T0.plus(THRESHOLD), 42, 57), "exactly the threshold is not yet past it");

        Stall stall = new Stall(INPUT, 42, 60, T0);
        assertEquals(List.of(new BecameHanging(stall)), look(T0.plus(THRESHOLD).plusSeconds(1), 42, 60));
        assertEquals(List.of(stall), stalls.hanging());

        assertEquals(List.of(), look(T0.plus(THRESHOLD).plusSeconds(30), 42, 61), "reported once per episode, not per look");
        assertEquals(List.of(new Stall(INPUT, 42, 61, T0)), stalls.hanging(), "the end is kept current, the start is not");
    }

    @Test
    void aMovingLastStableOffsetIsNeverHanging() {
        for (int minute = 0; minute <= 60; minute++) {
            // Always behind the end (busy transactions), but it moves every minute.
            assertEquals(List.of(), look(T0.plus(Duration.ofMinutes(minute)), 100 + minute, 110 + minute));
        }
        assertEquals(List.of(), stalls.hanging());
    }

    @Test
    void theStallIsTimedFromTheLookThatFirstSawTheOffsetNotFromAnEarlierOne() {
        look(T0, 42, 50);
        look(T0.plus(Duration.ofMinutes(10)), 43, 50);
        assertEquals(List.of(), look(T0.plus(Duration.ofMinutes(20)), 43, 50), "43 only stands for 10 minutes");
        assertEquals(List.of(new BecameHanging(new Stall(INPUT, 43, 50, T0.plus(Duration.ofMinutes(10))))),
                look(T0.plus(Duration.ofMinutes(26)), 43, 50));
    }

    @Test
    void aHangingPartitionWhoseOffsetMovesIsClearedAndAFreshStallStartsAgain() {
        hang();
        assertEquals(List.of(new Cleared(INPUT, 60)), look(T0.plus(Duration.ofMinutes(20)), 60, 70));
        assertEquals(List.of(), stalls.hanging());
        assertEquals(List.of(), look(T0.plus(Duration.ofMinutes(30)), 60, 70), "the new offset is timed from scratch");
        assertEquals(1, look(T0.plus(Duration.ofMinutes(36)), 60, 70).size(), "a new episode is reported again");
    }

    @Test
    void aHangingPartitionThatCatchesUpIsCleared() {
        hang();
        assertEquals(List.of(new Cleared(INPUT, 70)), look(T0.plus(Duration.ofMinutes(20)), 70, 70));
        assertEquals(List.of(), look(T0.plus(Duration.ofHours(2)), 70, 70), "nothing open: never hanging");
    }

    @Test
    void aPartitionTheLookMissedKeepsItsStateAndARevokedOneIsForgottenSilently() {
        hang();
        assertEquals(List.of(), stalls.update(Map.of(), T0.plus(Duration.ofMinutes(20)), THRESHOLD), "a failed look changes nothing");
        assertEquals(1, stalls.hanging().size());

        stalls.retain(Set.of(OTHER));
        assertEquals(List.of(), stalls.hanging(), "another instance owns it now and reports it itself");
        assertEquals(List.of(), look(T0.plus(Duration.ofMinutes(21)), 42, 50), "assigned again: timed afresh");
    }

    private void hang() {
        look(T0, 42, 50);
        assertEquals(1, look(T0.plus(THRESHOLD).plusSeconds(1), 42, 50).size());
    }

    private List<StalledPartitions.Change> look(Instant now, long lastStable, long end) {
        return stalls.update(Map.of(INPUT, new Offsets(lastStable, end)), now, THRESHOLD);
    }
}
