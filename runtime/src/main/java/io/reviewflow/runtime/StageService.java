package io.reviewflow.runtime;

import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.domain.Problem;
import io.reviewflow.domain.RejectionReason;
import io.reviewflow.schemas.UndecodableRecordException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The exactly-once consume-transform-produce loop, written once and run by every stage.
 *
 * <p>Each transaction holds the stage's output for a slice of a poll batch (at most
 * {@link StageSettings#commitInterval()} of work), its dead letters, its state changelog writes,
 * and the consumed offsets (through {@code sendOffsetsToTransaction} with the consumer's group
 * metadata, so a zombie from an older generation is fenced). Input is read {@code read_committed},
 * so aborted output of an upstream stage is never seen. On a Kafka failure the transaction is
 * aborted and the consumer rewound to its committed position, so the batch is processed again;
 * fencing, authentication and authorization failures are fatal. Records are consumed as bytes and
 * decoded here, so a record that cannot be decoded becomes a rejection instead of a stuck consumer.
 * A stage with per-key state decides a key only on its {@link HomePartitions home partition}; a
 * record that a writer's partitioner put elsewhere is forwarded there in the transaction that consumes it.
 * The loop and both clients live on one thread; {@link #stop()} only flags and wakes it.
 */
public final class StageService<I extends SpecificRecord> implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(StageService.class);
    /** Outputs above this are rejected rather than sent: one oversized record must not abort every batch. */
    static final int MAX_OUTPUT_RECORD_BYTES = 7 << 20;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    /** Log context (MDC) keys set while a record is processed, so its log lines can be found by id. */
    public static final String MDC_REVIEW_ID = "reviewId";
    public static final String MDC_SUBMISSION_ID = "submissionId";

    private final Stage<I> stage;
    private final StageSettings settings;
    private final RejectionFactory rejections;
    private final KeyedStateStores stateStores;
    private final StageCounters counters = new StageCounters();
    private final AtomicBoolean running = new AtomicBoolean();
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean assigned;
    private volatile boolean producerReady;
    private volatile boolean waitingForKafka;
    /** Null for a stateless stage, which may process a record wherever it arrives. */
    private HomePartitions homePartitions;
    /** Set by the rebalance listener when the input's partition count no longer matches the state's. */
    private String partitioningChanged;
    private final java.util.List<StageListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Thread thread;

    public StageService(Stage<I> stage, StageSettings settings, Clock clock) {
        this.stage = stage;
        this.settings = settings;
        this.rejections = new RejectionFactory(stage.name(), clock);
        this.stateStores = new KeyedStateStores(stage.stateStores(), settings.kafka(),
                settings.transactionTimeout().plusSeconds(30));
    }

    public StageService(Stage<I> stage, StageSettings settings) {
        this(stage, settings, Clock.systemUTC());
    }

    @Override
    public String name() {
        return stage.name();
    }

    /** How it runs: its Kafka settings are what collaborators with their own clients connect with. */
    public StageSettings settings() {
        return settings;
    }

    public StageCounters counters() {
        return counters;
    }

    /** Completes when the loop ends: normally after {@link #stop()}, exceptionally on a fatal error. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    /** True once the consumer has been assigned partitions (it may be assigned none of them). */
    public boolean isAssigned() {
        return assigned;
    }

    /**
     * Ready to process: the transactional producer is initialised, the consumer has its
     * assignment, and Kafka answered the last request.
     */
    public boolean isReady() {
        return producerReady && assigned && !waitingForKafka && !termination.isDone();
    }

    /**
     * The consumer's own metrics ({@code records-lag} per partition, {@code last-heartbeat-seconds-ago}, ...),
     * for lag gauges and readiness. Safe from any thread: {@code KafkaConsumer.metrics()} only reads
     * the client's concurrent metrics registry. Empty before the loop creates its consumer.
     */
    public Map<MetricName, ? extends Metric> consumerMetrics() {
        KafkaConsumer<String, byte[]> current = consumer;
        return current == null ? Map.of() : current.metrics();
    }

    /** Adds an observer; call before {@link #start()}. */
    public StageService<I> addListener(StageListener listener) {
        listeners.add(listener);
        return this;
    }

    private void notifyListeners(java.util.function.Consumer<StageListener> event) {
        for (StageListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("{}: listener {} failed: {}", stage.name(), listener.getClass().getName(), e.toString());
            }
        }
    }

    public String transactionalId() {
        return "reviewflow-" + stage.name() + "-" + settings.instanceId();
    }

    public String groupId() {
        return "reviewflow-" + stage.name();
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(stage.name() + " already started");
        }
        running.set(true);
        thread = new Thread(this::run, "reviewflow-" + stage.name() + "-" + settings.instanceId());
        thread.start();
    }

    @Override
    public void stop() {
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        KafkaProducer<String, byte[]> producer = null;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
            if (!running.get()) {
                return;
            }
            if (!stateStores.isEmpty()) {
                homePartitions = new HomePartitions(
                        TopicProvisioner.ensureStateTopics(settings.kafka(), stage.input().name(), stateStores.stores()));
            }
            producer = newTransactionalProducer();
            consumer.subscribe(List.of(stage.input().name()), new RebalanceLogger());
            producerReady = true;
            notifyListeners(StageListener::onStarted);
            LOG.info("{} started: {} -> transactional id {}", stage.name(), stage.input().name(), transactionalId());
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(settings.pollTimeout());
                waitingForKafka = false;
                if (partitioningChanged != null) {
                    throw new FatalStageException(partitioningChanged, null);
                }
                if (records.isEmpty()) {
                    continue;
                }
                producer = processInTransactions(producer, records);
            }
            notifyListeners(l -> l.onStopped(null));
            termination.complete(null);
        } catch (WakeupException e) {
            // stop() woke a blocking consumer call; nothing is open that the finally block does not close.
            notifyListeners(l -> l.onStopped(null));
            termination.complete(null);
        } catch (FatalStageException e) {
            LOG.error("{} stopped: {}", stage.name(), e.getMessage(), e.getCause());
            notifyListeners(l -> l.onStopped(e));
            termination.completeExceptionally(e);
        } catch (AuthenticationException | AuthorizationException | KafkaUnavailableException e) {
            // Refused, not broken: one line saying so, no stack trace.
            LOG.error("{} stopped: {}", stage.name(), e.getMessage());
            notifyListeners(l -> l.onStopped(e));
            termination.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            LOG.error("{} failed unexpectedly", stage.name(), e);
            notifyListeners(l -> l.onStopped(e));
            termination.completeExceptionally(e);
        } finally {
            running.set(false);
            closeQuietly(producer);
            try {
                stateStores.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: error closing the state restorer: {}", stage.name(), e.toString());
            }
            if (consumer != null) {
                try {
                    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(CLOSE_TIMEOUT));
                } catch (RuntimeException e) {
                    LOG.warn("{}: error closing consumer: {}", stage.name(), e.toString());
                }
            }
            LOG.info("{} stopped ({})", stage.name(), counters);
        }
    }

    /** Decodes and processes one record; never throws, the record becomes output or a rejection. */
    private List<OutgoingRecord> transform(ConsumerRecord<String, byte[]> record) {
        List<OutgoingRecord> output = new ArrayList<>(2);
        SourcePosition source = new SourcePosition(record.topic(), record.partition(), record.offset(), record.key());
        long started = System.nanoTime();
        // Every log line about this record names it: the key is its review id.
        if (record.key() != null) {
            MDC.put(MDC_REVIEW_ID, record.key());
        }
        try {
            transformOne(record, source, output);
        } finally {
            MDC.remove(MDC_REVIEW_ID);
            MDC.remove(MDC_SUBMISSION_ID);
        }
        long nanos = System.nanoTime() - started;
        notifyListeners(l -> l.onRecordProcessed(source, nanos));
        return output;
    }

    /** One record to its output records, its state writes, or a rejection. */
    private void transformOne(ConsumerRecord<String, byte[]> record, SourcePosition source, List<OutgoingRecord> output) {
        I input;
        try {
            input = stage.input().codec().decode(record.value());
        } catch (UndecodableRecordException e) {
            output.add(rejectionRecord(source.key(), rejections.rejection(
                    Problem.of(RejectionReason.UNDECODABLE_RECORD, e.getMessage()), null, record.value(), source)));
            return;
        }
        ReviewSubmission submission = safeSubmission(input);
        if (submission != null) {
            MDC.put(MDC_SUBMISSION_ID, submission.getSubmissionId());
        }
        RecordEmitter emitter = new RecordEmitter(source);
        try {
            stage.process(input, source, emitter);
            output.addAll(emitter.records);
            stateStores.acceptRecord(source.partition(), emitter.stateWrites);
            emitter.stateWrites.forEach((store, writes) -> writes.forEach((key, value) -> output.add(new OutgoingRecord(
                    store, source.partition(), key, KeyedStateStores.isDeleted(value) ? null : value, null))));
        } catch (RuntimeException e) {
            // A bug or a bad record in our own code: reject this record, keep the rest flowing.
            LOG.warn("{}: processing failed at {}-{}@{}", stage.name(), source.topic(), source.partition(), source.offset(), e);
            output.add(rejectionRecord(keyFor(submission, source), rejections.rejection(
                    Problem.of(RejectionReason.PROCESSING_FAILED, stage.name() + " failed: " + e), submission, null, source)));
        }
    }

    /**
     * Processes a poll's records in transactions of at most {@link StageSettings#commitInterval()}:
     * each output is sent as soon as it is made, so the producer's network thread works while this
     * thread processes the next record, and a transaction is committed once it has been open that
     * long, so a big batch reaches the next stage in slices rather than all at its end. On a Kafka
     * failure the open transaction is aborted, the consumer rewound to the last commit (which may be
     * part-way through this batch) and the rest of the batch dropped: the next poll reads it again.
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
                    for (OutgoingRecord out : transform(record)) {
                        producer.send(new ProducerRecord<>(out.topic(), out.partition(), out.key(), out.value()));
                        transaction.produced(out);
                    }
                }
                transaction.consumed(record);
                if (System.nanoTime() - transaction.started >= interval) {
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
        } catch (ProducerFencedException e) {
            if (!outlivedItsTimeout(transaction)) {
                throw fenced(e);
            }
            // Open longer than transaction.timeout.ms: on transactions v1 the coordinator aborts it by
            // bumping the producer's epoch, which this producer can only see as a fence (KIP-588).
            // Nobody else took over, so it is a failed transaction like any other: replace, rewind, redo.
            LOG.warn("{}: transaction open {} ms, past its timeout, was aborted by the coordinator; redoing it",
                    stage.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - transaction.started));
            return abortAndRewind(producer, transaction, e);
        } catch (FencedInstanceIdException e) {
            throw fenced(e);
        } catch (AuthenticationException | AuthorizationException | UnsupportedVersionException e) {
            throw new FatalStageException(e.getMessage(), e);
        } catch (KafkaException e) {
            Throwable refusal = refusalIn(e);
            if (refusal != null) {
                throw new FatalStageException(refusal.getMessage(), refusal);
            }
            LOG.warn("{}: transaction failed, aborting and rewinding to the committed position: {}", stage.name(), e.toString());
            if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
                waitingForKafka = true;
            }
            return abortAndRewind(producer, transaction, e);
        }
    }

    /** Ends a failed transaction: aborts it (or replaces a producer that cannot), drops its state, rewinds the consumer. */
    private KafkaProducer<String, byte[]> abortAndRewind(KafkaProducer<String, byte[]> producer, OpenTransaction transaction,
                                                        KafkaException cause) {
        counters.transactionsAborted.incrementAndGet();
        stateStores.abortBatch();
        KafkaProducer<String, byte[]> usable = abortOrReplace(producer, transaction);
        rewindToCommitted();
        notifyListeners(l -> l.onAborted(cause));
        return usable;
    }

    /**
     * Whether {@code transaction} has been open longer than the producer's effective
     * {@code transaction.timeout.ms} (a {@code kafka.*} override wins over the setting).
     */
    private boolean outlivedItsTimeout(OpenTransaction transaction) {
        long timeout = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(producerProperties().getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)));
        return transaction != null && System.nanoTime() - transaction.started >= timeout;
    }

    private FatalStageException fenced(KafkaException e) {
        return new FatalStageException("fenced: another instance with transactional id " + transactionalId()
                + " or a newer group generation took over", e);
    }

    private void commit(KafkaProducer<String, byte[]> producer, OpenTransaction transaction) {
        producer.sendOffsetsToTransaction(transaction.nextOffsets, consumer.groupMetadata());
        notifyListeners(l -> l.beforeCommit(transaction.produced));
        producer.commitTransaction();
        stateStores.commitBatch();
        counters.transactionsCommitted.incrementAndGet();
        counters.recordsConsumed.addAndGet(transaction.consumed);
        counters.recordsProduced.addAndGet(transaction.produced);
        counters.recordsForwarded.addAndGet(transaction.forwarded);
        counters.rejections.addAndGet(transaction.rejections.size());
        long nanos = System.nanoTime() - transaction.started;
        notifyListeners(l -> l.onCommitted(transaction.consumed, transaction.produced, nanos));
        if (transaction.forwarded > 0) {
            notifyListeners(l -> l.onForwarded(transaction.forwarded));
        }
        for (String reason : transaction.rejections) {
            notifyListeners(l -> l.onRejected(reason));
        }
    }

    /** What the open transaction holds: the input positions to commit with it and what it sent. */
    private static final class OpenTransaction {
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
    }

    /**
     * An authentication or authorization failure anywhere in the cause chain: retrying cannot help,
     * so the loop must stop rather than abort and redo the batch forever.
     */
    private static Throwable refusalIn(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return t;
            }
        }
        return null;
    }

    /**
     * Aborts the open transaction; a producer that cannot abort is replaced, which aborts it for us.
     * A fence on a transaction open longer than {@code transaction.timeout.ms} may be the coordinator
     * having aborted it, so it is survived like any failure, unless a successor holds the id.
     */
    private KafkaProducer<String, byte[]> abortOrReplace(KafkaProducer<String, byte[]> producer, OpenTransaction transaction) {
        try {
            producer.abortTransaction();
            return producer;
        } catch (ProducerFencedException e) {
            if (!outlivedItsTimeout(transaction)) {
                throw new FatalStageException("fenced while aborting: another instance took over " + transactionalId(), e);
            }
            LOG.warn("{}: the coordinator aborted the timed-out transaction; replacing the producer", stage.name());
        } catch (FencedInstanceIdException e) {
            throw new FatalStageException("fenced while aborting: another instance took over " + transactionalId(), e);
        } catch (KafkaException e) {
            LOG.warn("{}: abort failed ({}); replacing the producer", stage.name(), e.toString());
        }
        closeQuietly(producer);
        if (successorInGroup()) {
            // A new producer would bump the epoch and fence the instance that took over while this one stood still.
            throw new FatalStageException("fenced: another instance with transactional id " + transactionalId()
                    + " took over while this one was stalled; stopping instead of fencing it back", null);
        }
        return newTransactionalProducer();
    }

    /**
     * Whether another member of the group uses this instance's client id (the transactional id): a
     * successor started with the same instance id, possibly while this process was paused past its
     * session. This process's own membership may already be gone, so the member id tells them apart.
     * Waits for an unreachable broker, as initialising a producer would.
     */
    private boolean successorInGroup() {
        String ours = consumer.groupMetadata().memberId();
        long timeout = settings.kafka().requestTimeout().toMillis();
        while (true) {
            try (Admin admin = Admin.create(settings.kafka().adminProperties())) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId())).all()
                        .get(timeout, TimeUnit.MILLISECONDS).get(groupId());
                return group != null && group.members().stream()
                        .anyMatch(m -> transactionalId().equals(m.clientId()) && !m.consumerId().equals(ours));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return false;
                }
                Throwable refusal = refusalIn(e.getCause());
                if (refusal != null) {
                    throw new FatalStageException(refusal.getMessage(), refusal);
                }
                waitForKafka(e.getCause() instanceof Exception cause ? cause : e);
            } catch (java.util.concurrent.TimeoutException e) {
                waitForKafka(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    /** One log line and one listener call per attempt, then a pause before the next; stopping ends the wait. */
    private void waitForKafka(Exception cause) {
        if (!running.get()) {
            throw new WakeupException();
        }
        LOG.warn("{}: waiting for Kafka at {} ({})", stage.name(), settings.kafka().bootstrapServers(), cause.toString());
        waitingForKafka = true;
        notifyListeners(l -> l.onWaitingForKafka(cause));
        sleep(RETRY_BACKOFF);
    }

    /**
     * Creates a producer and runs {@code initTransactions}, which also aborts any transaction a
     * previous incarnation left open. Waits for an unreachable broker, with a log line per attempt.
     */
    private KafkaProducer<String, byte[]> newTransactionalProducer() {
        while (true) {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
            try {
                producer.initTransactions();
                return producer;
            } catch (ProducerFencedException | AuthenticationException | AuthorizationException | UnsupportedVersionException e) {
                closeQuietly(producer);
                throw new FatalStageException("cannot initialise transactions for " + transactionalId() + ": " + e.getMessage(), e);
            } catch (KafkaException e) {
                closeQuietly(producer);
                waitForKafka(e);
            }
        }
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

    private OutgoingRecord rejectionRecord(String key, io.reviewflow.avro.ReviewRejection rejection) {
        return new OutgoingRecord(Topics.REJECTED.name(), null, key, Topics.REJECTED.codec().encode(rejection), rejection.getReason());
    }

    private ReviewSubmission safeSubmission(I input) {
        try {
            return stage.submissionOf(input);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String keyFor(ReviewSubmission submission, SourcePosition source) {
        return submission != null ? submission.getReviewId() : source.key();
    }

    private Properties consumerProperties() {
        Properties props = settings.kafka().common();
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId());
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxPollRecords()));
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(settings.maxPartitionFetchBytes()));
        return settings.kafka().withOverrides(props);
    }

    private Properties producerProperties() {
        Properties props = settings.kafka().common();
        props.setProperty(ProducerConfig.CLIENT_ID_CONFIG, transactionalId());
        props.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId());
        props.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        props.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(settings.transactionTimeout().toMillis()));
        props.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.kafka().requestTimeout().toMillis() * 3));
        return settings.kafka().withOverrides(props);
    }

    private void closeQuietly(KafkaProducer<String, byte[]> producer) {
        if (producer == null) {
            return;
        }
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("{}: error closing producer: {}", stage.name(), e.toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /** Buffers what a stage emits for one record, so a stage that throws halfway emits nothing. */
    private final class RecordEmitter implements Emitter {
        private final SourcePosition source;
        private final List<OutgoingRecord> records = new ArrayList<>(2);
        /** store name -> key -> encoded state (or the deleted marker) written by this record. */
        private final Map<String, Map<String, byte[]>> stateWrites = new HashMap<>(2);

        RecordEmitter(SourcePosition source) {
            this.source = source;
        }

        @Override
        public <V extends SpecificRecord> void send(TopicSpec<V> topic, String key, V value) {
            byte[] bytes = value == null ? null : topic.codec().encode(value);
            if (bytes != null && bytes.length > MAX_OUTPUT_RECORD_BYTES) {
                throw new IllegalArgumentException("output for " + topic.name() + " is " + bytes.length
                        + " bytes, over the " + MAX_OUTPUT_RECORD_BYTES + "-byte record limit");
            }
            records.add(new OutgoingRecord(topic.name(), null, key, bytes, null));
        }

        @Override
        public void reject(Problem problem, ReviewSubmission submission) {
            // DEBUG only: the message may quote the document.
            LOG.debug("{}: rejecting {}: {}", stage.name(), problem.reason(), problem.message());
            records.add(rejectionRecord(keyFor(submission, source), rejections.rejection(problem, submission, null, source)));
        }

        @Override
        public <S extends SpecificRecord> S readState(TopicSpec<S> store, String key) {
            requireStore(store);
            byte[] bytes = stateStores.read(store.name(), source.partition(), key, stateWrites);
            if (bytes == null) {
                return null;
            }
            try {
                return store.codec().decode(bytes);
            } catch (UndecodableRecordException e) {
                // Our own changelog, written by our own codec: unreadable state is a bug, not input.
                throw new IllegalStateException("state for '" + key + "' in " + store.name() + " cannot be read: " + e.getMessage(), e);
            }
        }

        @Override
        public <S extends SpecificRecord> void writeState(TopicSpec<S> store, String key, S value) {
            requireStore(store);
            stateWrites.computeIfAbsent(store.name(), s -> new java.util.LinkedHashMap<>())
                    .put(key, value == null ? KeyedStateStores.deletedMarker() : store.codec().encode(value));
        }

        private void requireStore(TopicSpec<?> store) {
            if (!stateStores.stores().contains(store)) {
                throw new IllegalArgumentException(store.name() + " is not a state store of " + stage.name());
            }
        }
    }

    private final class RebalanceLogger implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Nothing to flush: transactions only run between polls, and this runs inside poll.
            LOG.debug("{}: partitions revoked {}", stage.name(), partitions);
            stateStores.drop(partitions);
            notifyListeners(l -> l.onPartitionsRevoked(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            stateStores.drop(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (homePartitions != null) {
                // Someone added partitions: a key's home moved away from its state. Stop before deciding anything.
                int now = consumer.partitionsFor(stage.input().name()).size();
                if (now != homePartitions.partitions()) {
                    partitioningChanged = TopicProvisioner.partitionMismatch(stage.input().name(), now,
                            stateStores.stores().get(0).name(), homePartitions.partitions());
                    return;
                }
            }
            // Restore before the first record of these partitions is processed; poll returns only after this.
            stateStores.restore(partitions);
            assigned = true;
            notifyListeners(l -> l.onPartitionsAssigned(partitions));
            LOG.debug("{}: partitions assigned {}", stage.name(), partitions);
        }
    }

    /** A failure the loop must not retry: it stops the service. */
    static final class FatalStageException extends RuntimeException {
        FatalStageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
