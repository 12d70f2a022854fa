package io.reviewflow.testkit.guarantees;

import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every topic of the pipeline back as a downstream reader does ({@code read_committed},
 * whole topics, only this run's review ids) and holds it against a {@link ReviewModel}. It fails a
 * run on:
 * <ul>
 *   <li>a submission without its outcome (lost), with two (duplicated: a second published event or
 *       rejection, a rejection beside a published event, a retraction also rejected or published, a
 *       second tombstone), or with the wrong kind or reason, or a rejection that does not hand back
 *       exactly the submission sent, document and all (wrong);</li>
 *   <li>a submission id more than once on {@code reviews.ingested} or {@code reviews.scored}
 *       (intermediateDuplicates): nothing doubles on the way either;</li>
 *   <li>a review whose published revisions go backwards (reordered), or that is published again after
 *       a tombstone by anything but a submission the model accepts after that retraction
 *       (afterTombstone);</li>
 *   <li>a review whose last value on {@code reviews.published}, what a site rebuilds from the compacted
 *       topic, differs from the model's in presence, submission id, revision, score, verdict or content
 *       (modelMismatches).</li>
 * </ul>
 * It reads until every submission has its outcome (or the drain timeout passes), then reads on
 * for the settle period, so a duplicate committed late is seen too.
 */
public final class ModelChecker {

    /** How long to read on once every outcome is in; a late duplicate arrives within a transaction or two. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(10);
    private static final List<TopicSpec<?>> READ = List.of(Topics.INGESTED, Topics.SCORED, Topics.PUBLISHED, Topics.REJECTED);

    private final String bootstrapServers;
    private final Map<String, Object> clientOverrides;

    public ModelChecker(String bootstrapServers, Map<String, Object> clientOverrides) {
        this.bootstrapServers = bootstrapServers;
        this.clientOverrides = Map.copyOf(clientOverrides);
    }

    public ModelChecker(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    public GuaranteeReport awaitAndCheck(ReviewModel model, Duration drainTimeout, Duration settle) {
        return ModelJudge.judge(model, read(model, drainTimeout, settle));
    }

    private ReadBack read(ReviewModel model, Duration drainTimeout, Duration settle) {
        ReadBack read = new ReadBack();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
        props.putAll(clientOverrides);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicSpec<?> topic : READ) {
                consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long drainDeadline = System.nanoTime() + drainTimeout.toNanos();
            long settleDeadline = Long.MAX_VALUE;
            // Once every outcome is in, the whole settle period is read, even past the drain timeout.
            while (System.nanoTime() < (settleDeadline == Long.MAX_VALUE ? drainDeadline : settleDeadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    // Every topic is keyed by review id; other runs and other tests share the topics.
                    if (record.key() != null && record.key().startsWith(model.reviewIdPrefix())) {
                        read.accept(record);
                    }
                }
                if (settleDeadline == Long.MAX_VALUE && read.hasEveryOutcome(model)) {
                    settleDeadline = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return read;
    }
}
