package io.reviewflow.runtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once consume-transform-produce loop, in the shape of Kafka's own
 * {@code TransactionalMessageCopier}: poll, process, send the offsets to the transaction, commit;
 * on a failure abort and rewind to the committed position, so the batch is processed again;
 * {@code wakeup()} from another thread stops it. Transactions are sliced by time: one is committed
 * once it has been open {@link StageSettings#commitInterval()}, so a big batch reaches the next stage
 * in slices. A stage with per-key state decides a key only on its {@link HomePartitions home
 * partition}; a record that arrived elsewhere is forwarded there in the transaction that consumes it.
 * The loop and both clients live on one thread.
 */
final class StageLoop<I extends SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(StageService.class);

    private final Stage<I> stage;
    private final StageSettings settings;
    private final StageClients clients;
    private final RecordContract contract;
    private final KeyedStateStores stateStores;
    private final RecordProcessor<I> processor;
    private final StageEvents events;
    private final StageStatus status;
    private final AtomicBoolean running;
    private final CompletableFuture<Void> termination;
    private KafkaConsumer<String, byte[]> consumer;
    private StageRebalanceListener assignments;
    /** Null for a stateless stage, which may process a record wherever it arrives. */
    private HomePartitions homePartitions;

    StageLoop(Stage<I> stage, StageSettings settings, RecordContract contract, StageClients clients, StageEvents events,
              StageStatus status, AtomicBoolean running, CompletableFuture<Void> termination) {
        this.stage = stage;
        this.settings = settings;
        this.clients = clients;
        this.contract = contract;
        this.events = events;
        this.status = status;
        this.running = running;
        this.termination = termination;
        this.stateStores = new KeyedStateStores(stage.stateStores(), settings.kafka(), settings.transactionTimeout().plusSeconds(30));
        this.processor = new RecordProcessor<>(stage, contract, stateStores, events);
    }

    /** Runs on the stage's thread until {@link #running} is cleared or a fatal error; completes the termination either way. */
    void run() {
        KafkaProducer<String, byte[]> producer = null;
        try {
            consumer = clients.newConsumer();
            if (!running.get()) {
                stopped(null); // Stopped before it began: whoever waits on the termination must still hear of it.
                return;
            }
            if (!stateStores.isEmpty()) {
                homePartitions = new HomePartitions(
                        TopicProvisioner.ensureStateTopics(settings.kafka(), stage.input().name(), stateStores.stores()));
            }
            producer = clients.newTransactionalProducer();
            assignments = new StageRebalanceListener(stage.name(), stage.input().name(), consumer, stateStores, homePartitions,
                    status, events);
            consumer.subscribe(List.of(stage.input().name()), assignments);
            status.producerReady = true;
            events.notify(StageListener::onStarted);
            LOG.info("{} started: {} -> transactional id {}", stage.name(), stage.input().name(), clients.transactionalId());
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
                status.waitingForKafka = false;
                if (assignments.partitioningChanged() != null) {
                    throw new FatalStageException(assignments.partitioningChanged(), null);
                }
                if (!records.isEmpty()) {
                    producer = processInTransactions(producer, records);
                }
            }
            stopped(null);
        } catch (WakeupException e) {
            // stop() woke a blocking consumer call; nothing is open that the finally block does not close.
            stopped(null);
        } catch (FatalStageException e) {
            LOG.error("{} stopped: {}", stage.name(), e.getMessage(), e.getCause());
            stopped(e);
        } catch (AuthenticationException | AuthorizationException | KafkaUnavailableException e) {
            // Refused, not broken: one line saying so, no stack trace.
            LOG.error("{} stopped: {}", stage.name(), e.getMessage());
            stopped(e);
        } catch (RuntimeException | Error e) {
            LOG.error("{} failed unexpectedly", stage.name(), e);
            stopped(e);
        } finally {
            running.set(false);
            clients.close(producer);
            try {
                stateStores.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: error closing the state restorer: {}", stage.name(), e.toString());
            }
            clients.closeConsumer();
            try {
                contract.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: error closing the record contract: {}", stage.name(), e.toString());
            }
            LOG.info("{} stopped ({})", stage.name(), events.counters);
        }
    }

    /**
     * Processes a poll's records in transactions of at most {@link StageSettings#commitInterval()}.
     * Each output is sent as soon as it is made, so the producer's network thread works while this
     * thread processes the next record. On a Kafka failure the open transaction is aborted, the
     * consumer rewound to the last commit (which may be part-way through this batch) and the rest of
     * the batch dropped: the next poll reads it again.
     */
    private KafkaProducer<String, byte[]> processInTransactions(KafkaProducer<String, byte[]> producer,
                                                              ConsumerRecords<String, byte[]> records) {
        long interval = settings.commitInterval().toNanos();
        OpenTransaction transaction = null;
        try {
            for (ConsumerRecord<String, byte[]> record : records) {
                if (transaction == null) {
                    producer.beginTransaction();
                    transaction = new OpenTransaction();
                }
                ProducerRecord<String, byte[]> forward = homePartitions == null ? null : homePartitions.forwardIfAway(record);
                if (forward != null) {
                    producer.send(forward);
                    transaction.forwarded++;
                } else {
                    for (OutgoingRecord out : processor.process(record)) {
                        producer.send(new ProducerRecord<>(out.topic(), out.partition(), out.key(), out.value()));
                        transaction.produced(out);
                    }
                }
                transaction.consumed(record);
                if (transaction.openNanos() >= interval) {
                    commit(producer, transaction);
                    transaction = null;
                    if (!running.get()) {
                        return producer; // Stopping: the rest is uncommitted, so whoever owns it next reads it again.
                    }
                }
            }
            if (transaction != null) {
                commit(producer, transaction);
            }
            return producer;
        } catch (KafkaException e) {
            if (fenceIsFinal(e, transaction)) {
                throw new FatalStageException("fenced: another instance with transactional id " + clients.transactionalId()
                        + " or a newer group generation took over", e);
            }
            if (e instanceof ProducerFencedException) {
                LOG.warn("{}: transaction open {} ms, past its timeout, was aborted by the coordinator; redoing it",
                        stage.name(), TimeUnit.NANOSECONDS.toMillis(transaction.openNanos()));
                return abortAndRewind(producer, transaction, e);
            }
            Throwable refusal = e instanceof UnsupportedVersionException ? e : StageClients.refusalIn(e);
            if (refusal != null) {
                throw new FatalStageException(refusal.getMessage(), refusal);
            }
            LOG.warn("{}: transaction failed, aborting and rewinding to the committed position: {}", stage.name(), e.toString());
            if (e instanceof TimeoutException) {
                status.waitingForKafka = true;
            }
            return abortAndRewind(producer, transaction, e);
        }
    }

    private void commit(KafkaProducer<String, byte[]> producer, OpenTransaction transaction) {
        // Records first, as Kafka Streams does. Until the previous transaction's markers are written the
        // coordinator answers this one's AddOffsetsToTxn with CONCURRENT_TRANSACTIONS, and the producer's
        // sender then sleeps retry.backoff.ms (100 ms) before retrying: at low load, where every transaction
        // begins right after the last commit, that sleep was most of each hop's latency (BENCHMARKS.md).
        // Once the records are acknowledged their partitions were added, so the previous transaction is over.
        producer.flush();
        // With the consumer's group metadata, so a zombie from an older generation is fenced.
        producer.sendOffsetsToTransaction(transaction.nextOffsets, consumer.groupMetadata());
        events.notify(l -> l.beforeCommit(transaction.produced));
        producer.commitTransaction();
        stateStores.commitBatch();
        events.committed(transaction);
    }

    /** Ends a failed transaction: aborts it (or replaces a producer that cannot), drops its state, rewinds the consumer. */
    private KafkaProducer<String, byte[]> abortAndRewind(KafkaProducer<String, byte[]> producer, OpenTransaction transaction,
                                                        KafkaException cause) {
        events.counters.transactionsAborted.incrementAndGet();
        stateStores.abortBatch();
        KafkaProducer<String, byte[]> usable = abortOrReplace(producer, transaction);
        rewindToCommitted();
        events.notify(l -> l.onAborted(cause));
        return usable;
    }

    /** A producer that cannot abort is replaced, which aborts its transaction for us. */
    private KafkaProducer<String, byte[]> abortOrReplace(KafkaProducer<String, byte[]> producer, OpenTransaction transaction) {
        try {
            producer.abortTransaction();
            return producer;
        } catch (KafkaException e) {
            if (fenceIsFinal(e, transaction)) {
                throw new FatalStageException("fenced while aborting: another instance took over " + clients.transactionalId(), e);
            }
            if (e instanceof ProducerFencedException) {
                LOG.warn("{}: the coordinator aborted the timed-out transaction; replacing the producer", stage.name());
            } else {
                LOG.warn("{}: abort failed ({}); replacing the producer", stage.name(), e.toString());
            }
        }
        clients.close(producer);
        if (clients.successorInGroup()) {
            // A new producer would bump the epoch and fence the instance that took over while this one stood still.
            throw new FatalStageException("fenced: another instance with transactional id " + clients.transactionalId()
                    + " took over while this one was stalled; stopping instead of fencing it back", null);
        }
        return clients.newTransactionalProducer();
    }

    /**
     * The fencing rules, stated once. A fence means another instance took over this transactional id
     * or the group moved on to a newer generation without this member: this one must stop. Except a
     * producer fence on a transaction open longer than its {@code transaction.timeout.ms}: on
     * transactions v1 the coordinator aborts such a transaction by bumping the producer's epoch, which
     * the producer can only see as a fence (KIP-588). Then it is a failed transaction like any other,
     * redone by a new producer, unless a successor took over meanwhile ({@link StageClients#successorInGroup},
     * asked before the producer is replaced).
     */
    private boolean fenceIsFinal(KafkaException e, OpenTransaction transaction) {
        return e instanceof FencedInstanceIdException || e instanceof ProducerFencedException && !outlivedItsTimeout(transaction);
    }

    private boolean outlivedItsTimeout(OpenTransaction transaction) {
        return transaction != null && transaction.openNanos() >= clients.transactionTimeoutNanos();
    }

    private void rewindToCommitted() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment);
        for (TopicPartition partition : assignment) {
            OffsetAndMetadata position = committed.get(partition);
            if (position == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, position);
            }
        }
    }

    private void stopped(Throwable failure) {
        events.notify(l -> l.onStopped(failure));
        if (failure == null) {
            termination.complete(null);
        } else {
            termination.completeExceptionally(failure);
        }
    }
}
