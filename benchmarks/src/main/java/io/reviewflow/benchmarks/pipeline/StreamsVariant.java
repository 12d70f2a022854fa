package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.contract.ReviewContract;
import io.reviewflow.contract.Topics;
import io.reviewflow.ingest.DocumentParser;
import io.reviewflow.ingest.IngestLimits;
import io.reviewflow.ingest.service.IngestStage;
import io.reviewflow.publish.ReviewRenderer;
import io.reviewflow.publish.service.PublishStage;
import io.reviewflow.runtime.Stage;
import io.reviewflow.runtime.StageSettings;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.scoring.Scorer;
import io.reviewflow.scoring.VerdictScale;
import io.reviewflow.scoring.service.ScoringStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams baseline: three KafkaStreams applications, one per stage like the services,
 * each one stream thread with {@code processing.guarantee=exactly_once_v2}, running the very same
 * Stage classes (and so DocumentParser, Scorer, ReviewRenderer) through {@link StageProcessor}.
 * Ingest's ledger is an in-memory store with a changelog, as the service keeps it in memory over a
 * compacted topic. Batching as close to StageSettings as Streams allows: commit.interval.ms 100 (a
 * transaction per commit, not per poll), max.poll.records 2000, 8 MiB per-partition fetches, and
 * the services' producer settings (linger 5 ms, 256 KiB batches).
 */
final class StreamsVariant implements PipelineVariant {

    private final String bootstrapServers;
    private final String runId;
    private final String prefix;
    private final List<KafkaStreams> apps = new ArrayList<>();
    private Path stateDir;

    StreamsVariant(String bootstrapServers, String runId) {
        this.bootstrapServers = bootstrapServers;
        this.runId = runId;
        this.prefix = "bench-" + runId + "-streams.";
    }

    private String physical(TopicSpec<?> logical) {
        return prefix + logical.name();
    }

    private static final List<TopicSpec<?>> TOPICS = List.of(Topics.SUBMITTED, Topics.INGESTED, Topics.SCORED,
            Topics.PUBLISHED, Topics.REJECTED);

    @Override
    public String name() {
        return "streams";
    }

    @Override
    public String description() {
        return "three KafkaStreams apps (exactly_once_v2, 1 thread each, commit.interval.ms 100) running the same Stage classes";
    }

    @Override
    public String submittedTopic() {
        return physical(Topics.SUBMITTED);
    }

    @Override
    public List<String> outcomeTopics() {
        return List.of(physical(Topics.PUBLISHED), physical(Topics.REJECTED));
    }

    @Override
    public void prepare(TopicAdmin admin, int partitions) throws Exception {
        cleanUp(admin);
        admin.createTopics(TOPICS.stream().map(t -> new TopicAdmin.NewTopicSpec(physical(t), t.topicConfig())).toList(), partitions);
    }

    @Override
    public void cleanUp(TopicAdmin admin) throws Exception {
        List<String> names = new ArrayList<>(TOPICS.stream().map(this::physical).toList());
        for (String topic : admin.listTopics()) {
            if (topic.startsWith(appId("")) && topic.endsWith("-changelog")) {
                names.add(topic);
            }
        }
        admin.deleteTopics(names);
        admin.deleteGroups(List.of(appId("ingest"), appId("scoring"), appId("publish")), true);
    }

    private String appId(String stage) {
        return "bench-" + runId + "-streams-" + stage;
    }

    @Override
    public void start() {
        try {
            stateDir = Files.createTempDirectory("reviewflow-bench-streams-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Clock clock = Clock.systemUTC();
        start(new IngestStage(new DocumentParser(IngestLimits.defaults()), clock), List.of(Topics.INGESTED, Topics.REJECTED));
        start(new ScoringStage(new Scorer(VerdictScale.resolve(VerdictScale.DEFAULT_PRESET)), clock),
                List.of(Topics.SCORED, Topics.REJECTED));
        start(new PublishStage(new ReviewRenderer(), clock), List.of(Topics.PUBLISHED, Topics.REJECTED));
    }

    private <I extends org.apache.avro.specific.SpecificRecord> void start(Stage<I> stage, List<TopicSpec<?>> outputs) {
        Topology topology = new Topology();
        topology.addSource("source", new StringDeserializer(), new ByteArrayDeserializer(), physical(stage.input()));
        topology.addProcessor("stage", () -> new StageProcessor<>(stage,
                ReviewContract.create(KafkaSettings.of(bootstrapServers), physical(Topics.SUBMITTED))), "source");
        for (TopicSpec<?> store : stage.stateStores()) {
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store.name()),
                    Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(Map.of()), "stage");
        }
        for (TopicSpec<?> output : outputs) {
            topology.addSink(StageProcessor.sinkFor(output.name()), physical(output), new StringSerializer(),
                    new ByteArraySerializer(), "stage");
        }
        KafkaStreams app = new KafkaStreams(topology, properties(stage.name()));
        app.setUncaughtExceptionHandler(e -> {
            System.err.println("streams " + stage.name() + " failed: " + e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        apps.add(app);
        app.start();
    }

    private Properties properties(String stage) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, appId(stage));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve(stage).toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
                Integer.toString(StageSettings.DEFAULT_MAX_POLL_RECORDS));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Integer.toString(StageSettings.DEFAULT_MAX_PARTITION_FETCH_BYTES));
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(8 << 20));
        return props;
    }

    @Override
    public boolean ready() {
        return !apps.isEmpty() && apps.stream().allMatch(a -> a.state() == KafkaStreams.State.RUNNING);
    }

    @Override
    public long transactions() {
        // With exactly_once_v2 every commit of a stream thread is one transaction.
        long total = 0;
        for (KafkaStreams app : apps) {
            for (var entry : app.metrics().entrySet()) {
                if (entry.getKey().name().equals("commit-total") && entry.getKey().group().equals("stream-thread-metrics")) {
                    total += ((Number) entry.getValue().metricValue()).longValue();
                }
            }
        }
        return total;
    }

    @Override
    public void close() {
        for (int i = apps.size() - 1; i >= 0; i--) {
            apps.get(i).close(Duration.ofSeconds(15));
        }
        if (stateDir != null) {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // A temp directory left behind is harmless.
            }
        }
    }
}
