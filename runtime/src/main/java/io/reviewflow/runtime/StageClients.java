package io.reviewflow.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
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

/**
 * The loop's Kafka clients: how they are named and configured, creating them (waiting, with a
 * log line per attempt, while Kafka cannot be reached), closing them, and asking the group whether
 * a successor already uses this instance's transactional id. The consumer is created on the loop's
 * thread and only woken from others.
 */
final class StageClients {

    private static final Logger LOG = LoggerFactory.getLogger(StageService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);

    private final String stage;
    private final StageSettings settings;
    private final BooleanSupplier running;
    private final StageStatus status;
    private final StageEvents events;
    private volatile KafkaConsumer<String, byte[]> consumer;

    StageClients(String stage, StageSettings settings, BooleanSupplier running, StageStatus status, StageEvents events) {
        this.stage = stage;
        this.settings = settings;
        this.running = running;
        this.status = status;
        this.events = events;
    }

    String transactionalId() {
        return "reviewflow-" + stage + "-" + settings.instanceId();
    }

    String groupId() {
        return "reviewflow-" + stage;
    }

    /** Input is read {@code read_committed}, so aborted output of an upstream stage is never seen; offsets go with transactions. */
    KafkaConsumer<String, byte[]> newConsumer() {
        Properties props = settings.kafka().common();
        props.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId());
        props.setProperty(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId());
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(settings.maxPollRecords()));
        props.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(settings.maxPartitionFetchBytes()));
        consumer = new KafkaConsumer<>(settings.kafka().withOverrides(props), new StringDeserializer(), new ByteArrayDeserializer());
        return consumer;
    }

    /** Ends a blocking consumer call on the loop's thread; safe from any thread. */
    void wakeup() {
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /**
     * The consumer's own metrics. Safe from any thread: {@code KafkaConsumer.metrics()} only reads
     * the client's concurrent metrics registry. Empty before the loop creates its consumer.
     */
    Map<MetricName, ? extends Metric> consumerMetrics() {
        KafkaConsumer<String, byte[]> current = consumer;
        return current == null ? Map.of() : current.metrics();
    }

    /**
     * Creates a producer and runs {@code initTransactions}, which also aborts any transaction a
     * previous incarnation left open. Waits for an unreachable broker, with a log line per attempt.
     */
    KafkaProducer<String, byte[]> newTransactionalProducer() {
        while (true) {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
            try {
                producer.initTransactions();
                return producer;
            } catch (ProducerFencedException | AuthenticationException | AuthorizationException | UnsupportedVersionException e) {
                close(producer);
                throw new FatalStageException("cannot initialise transactions for " + transactionalId() + ": " + e.getMessage(), e);
            } catch (KafkaException e) {
                close(producer);
                waitForKafka(e);
            }
        }
    }

    /** The producer's effective {@code transaction.timeout.ms}: a {@code kafka.*} override wins over the setting. */
    long transactionTimeoutNanos() {
        return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(producerProperties().getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)));
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
        // The pipeline's records repeat the review's text (structured, HTML, Markdown, JSON-LD): LZ4 writes 2.3x fewer
        // bytes per review for about 0.03 ms of CPU, bytes a cluster replicates, serves and keeps (docs/DECISIONS.md).
        props.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
        props.setProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(settings.kafka().requestTimeout().toMillis() * 3));
        return settings.kafka().withOverrides(props);
    }

    /**
     * Whether another member of the group uses this instance's client id (the transactional id): a
     * successor started with the same instance id, possibly while this process was paused past its
     * session. This process's own membership may already be gone, so the member id tells them apart.
     * Waits for an unreachable broker, as initialising a producer would.
     */
    boolean successorInGroup() {
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
            } catch (TimeoutException e) {
                waitForKafka(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
    }

    /**
     * An authentication or authorization failure anywhere in the cause chain: retrying cannot help,
     * so the loop must stop rather than abort and redo the batch forever.
     */
    static Throwable refusalIn(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return t;
            }
        }
        return null;
    }

    /** One log line and one listener call per attempt, then a pause before the next; stopping ends the wait. */
    private void waitForKafka(Exception cause) {
        if (!running.getAsBoolean()) {
            throw new WakeupException();
        }
        LOG.warn("{}: waiting for Kafka at {} ({})", stage, settings.kafka().bootstrapServers(), cause.toString());
        status.waitingForKafka = true;
        events.notify(l -> l.onWaitingForKafka(cause));
        try {
            Thread.sleep(RETRY_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    void close(KafkaProducer<String, byte[]> producer) {
        if (producer == null) {
            return;
        }
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("{}: error closing producer: {}", stage, e.toString());
        }
    }

    void closeConsumer() {
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            } catch (RuntimeException e) {
                LOG.warn("{}: error closing consumer: {}", stage, e.toString());
            }
        }
    }
}
