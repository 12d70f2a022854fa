package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ReviewSubmission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The loop's fencing rules on a real broker, for a transaction older than its timeout: a fence then
 * may be the coordinator having aborted it (survived: replace the producer, rewind, redo), or an
 * instance started with the same instance id while this one stood still (a zombie: it must stop,
 * because a new producer would fence its successor in turn).
 */
class FenceRulesIT {

    private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Seen to fail without the successor check: the stalled instance took the fence for the
     * coordinator's abort, replaced its producer (fencing the successor's epoch) and carried on.
     */
    @Test
    void aStalledInstanceWhoseSuccessorTookOverStopsInsteadOfFencingIt() throws Exception {
        String input = RealBroker.createTopic("zombie-in", 1);
        String output = RealBroker.createTopic("zombie-out", 1);
        SourceRecordingStage stage = new SourceRecordingStage(input, output, false);
        StageSettings settings = settings("zombie-it");
        CountDownLatch inTransaction = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Given an instance stalled inside a transaction until it is older than its timeout, as a paused process would be
        StageService<ReviewSubmission> stalled = new StageService<>(stage, settings, TestContract.create());
        stalled.addListener(new StageListener() {
            @Override
            public void beforeCommit(int records) {
                if (inTransaction.getCount() > 0) {
                    inTransaction.countDown();
                    await(release);
                }
            }
        });
        StageService<ReviewSubmission> successor = new StageService<>(stage, settings, TestContract.create());
        try {
            stalled.start();
            send(input, "first", 10);
            assertTrue(inTransaction.await(60, TimeUnit.SECONDS), "the first instance began a transaction");
            Thread.sleep(TRANSACTION_TIMEOUT.plusSeconds(1).toMillis());

            // When a successor with the same instance id starts and joins the group, and then the first resumes
            successor.start();
            awaitMembersWithClientId(stalled.groupId(), stalled.transactionalId(), 2);
            release.countDown();

            // Then the first stops, saying a successor took over, and the successor processes everything once
            ExecutionException stopped = assertThrows(ExecutionException.class, () -> stalled.termination().get(60, TimeUnit.SECONDS));
            assertTrue(stopped.getCause().getMessage().contains("took over while this one was stalled"), stopped.getCause().toString());
            send(input, "second", 10);
            List<ConsumerRecord<String, byte[]>> copies = RealBroker.readAtLeast(output, 20, Duration.ofSeconds(90));
            assertEquals(20, copies.size(), "each input once, none twice");
            assertEquals(20, copies.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).size());
            assertFalse(successor.termination().isDone(), "the successor is still running");
        } finally {
            release.countDown();
            stalled.stop();
            successor.stop();
        }
    }

    /**
     * The other side: with no successor, a transaction that outlived its timeout was aborted by the
     * coordinator; the same instance redoes it and goes on.
     */
    @Test
    void aTransactionTheCoordinatorTimedOutIsRedoneByTheSameInstance() throws Exception {
        String input = RealBroker.createTopic("timeout-in", 1);
        String output = RealBroker.createTopic("timeout-out", 1);
        StageService<ReviewSubmission> service = new StageService<>(new SourceRecordingStage(input, output, false),
                settings("timeout-it"), TestContract.create());
        CountDownLatch stalledOnce = new CountDownLatch(1);
        service.addListener(new StageListener() {
            @Override
            public void beforeCommit(int records) {
                if (stalledOnce.getCount() > 0) {
                    stalledOnce.countDown();
                    sleep(TRANSACTION_TIMEOUT.multipliedBy(3));
                }
            }
        });
        try {
            service.start();
            send(input, "only", 10);

            List<ConsumerRecord<String, byte[]>> copies = RealBroker.readAtLeast(output, 10, Duration.ofSeconds(90));

            assertEquals(10, copies.size(), "each input once, none twice");
            assertTrue(service.counters().transactionsAborted() >= 1, "the timed-out transaction was aborted: " + service.counters());
            assertFalse(service.termination().isDone(), "the instance goes on");
        } finally {
            service.stop();
        }
    }

    private static StageSettings settings(String instanceId) {
        StageSettings defaults = StageSettings.defaults(RealBroker.kafka(), instanceId);
        return new StageSettings(defaults.kafka(), instanceId, defaults.maxPollRecords(), defaults.maxPartitionFetchBytes(),
                TRANSACTION_TIMEOUT, defaults.pollTimeout(), defaults.commitInterval());
    }

    private static void send(String topic, String prefix, int count) throws Exception {
        try (KafkaProducer<String, byte[]> producer = RealBroker.producer()) {
            for (int i = 0; i < count; i++) {
                String key = prefix + "-" + i;
                producer.send(new ProducerRecord<>(topic, key, TestContract.SUBMITTED.codec().encode(SourceRecordingStage.submission(key)))).get();
            }
        }
    }

    private static void awaitMembersWithClientId(String group, String clientId, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var description = RealBroker.admin().describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
            if (description.members().stream().filter(m -> clientId.equals(m.clientId())).count() >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " members with client id " + clientId + " in group " + group);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
