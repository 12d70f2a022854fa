package io.reviewflow.scoring.works;

import io.reviewflow.runtime.KafkaUnavailableException;
import io.reviewflow.runtime.Service;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.TopicProvisioner;
import io.reviewflow.contract.Topics;
import io.reviewflow.scoring.VerdictScale;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work-scores service: keeps {@code works.scores} equal to the per-work aggregate of
 * {@code reviews.scored} ({@link WorkScoresTopology}), as a Kafka Streams application with
 * {@code exactly_once_v2}. Its state lives in changelog topics; local stores are only a cache of
 * them, rebuilt after a crash, on another host, or after a rebalance moves a partition here.
 *
 * <p>A failure Kafka Streams cannot handle (an undecodable record, a review without a score)
 * stops the whole client and completes {@link #termination()} exceptionally: skipping a review
 * would leave its work's score wrong for good, so the service stops and says why instead.
 */
public final class WorkScoresService implements Service {

    public static final String NAME = "work-scores";
    /** The name of the command, as {@code ServiceMain} names the stages' ones in messages. */
    static final String COMMAND = "works";
    private static final Logger LOG = LoggerFactory.getLogger(WorkScoresService.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

    private final WorkScoresSettings settings;
    private final WorkScorer scorer;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private KafkaStreams streams;

    private WorkScoresService(WorkScoresSettings settings, WorkScorer scorer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scorer = scorer;
    }

    /** A service computing verdicts on {@code scale}; give it the scoring service's scale. */
    public static WorkScoresService create(WorkScoresSettings settings, VerdictScale scale) {
        return new WorkScoresService(settings, new WorkScorer(scale));
    }

    @Override
    public String name() {
        return NAME;
    }

    public WorkScoresSettings settings() {
        return settings;
    }

    /** Completes when the service has stopped: normally after {@link #stop()}, exceptionally on a fatal error. */
    public CompletableFuture<Void> termination() {
        return termination;
    }

    /** The Kafka Streams client's state; {@code CREATED} before {@link #start()}. */
    public synchronized KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    /**
     * Starts processing in Kafka Streams' own thread and returns. The topics must exist
     * ({@code TopicProvisioner.ensureTopics} with {@code Topics.ALL}, as {@link #run} does).
     */
    @Override
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException(NAME + " already started");
        }
        try {
            Files.createDirectories(settings.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + settings.stateDir(), e);
        }
        Properties properties = streamsProperties();
        KafkaStreams client = new KafkaStreams(WorkScoresTopology.build(scorer, properties), properties);
        client.setUncaughtExceptionHandler(e -> {
            failure.compareAndSet(null, e);
            LOG.error("{} stopped by a fatal error", NAME, e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        client.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.ERROR) {
                termination.completeExceptionally(failureOr("Kafka Streams entered the ERROR state"));
            } else if (newState == KafkaStreams.State.NOT_RUNNING) {
                finish();
            }
        });
        streams = client;
        client.start();
        LOG.info("{} started: {} -> {} as {} (state in {})", NAME, Topics.SCORED.name(), Topics.WORK_SCORES.name(),
                settings.groupInstanceId(), settings.stateDir());
    }

    /**
     * Commits what has been processed and closes the client, leaving the consumer group so that
     * other instances take over at once. (A crashed instance does not leave; restarted with the
     * same instance id, it takes its partitions straight back.)
     */
    @Override
    public void stop() {
        KafkaStreams client;
        synchronized (this) {
            client = streams;
        }
        if (client != null) {
            boolean closed = client.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT));
            if (!closed) {
                LOG.warn("{}: Kafka Streams did not close within {}", NAME, CLOSE_TIMEOUT);
            }
        }
        finish();
    }

    private void finish() {
        Throwable error = failure.get();
        if (error != null) {
            termination.completeExceptionally(error);
        } else {
            termination.complete(null);
        }
    }

    private Throwable failureOr(String message) {
        Throwable error = failure.get();
        return error != null ? error : new IllegalStateException(message);
    }

    Properties streamsProperties() {
        Properties props = settings.kafka().common();
        props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.setProperty(StreamsConfig.CLIENT_ID_CONFIG, settings.groupInstanceId());
        props.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.setProperty(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        // Static membership: a restarted instance reclaims its tasks without a rebalance.
        props.setProperty(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                settings.groupInstanceId());
        settings.replicationFactor().ifPresent(replicas ->
                props.setProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicas.toString()));
        return settings.kafka().withOverrides(props);
    }

    /**
     * Runs the service from the command line ({@link WorkScoresOptions}) until SIGTERM or a fatal
     * error. Exit codes as {@link ServiceMain}: 0 stopped, 1 fatal error, 2 bad usage or verdict
     * scale, 3 Kafka unreachable.
     */
    public static int run(String[] args) {
        return run(args, System.getenv(), System.err);
    }

    static int run(String[] args, Map<String, String> environment, PrintStream err) {
        WorkScoresOptions options;
        try {
            options = WorkScoresOptions.parse(args, environment);
        } catch (IllegalArgumentException e) {
            err.println("reviewflow " + COMMAND + ": " + e.getMessage());
            err.println(WorkScoresOptions.usage());
            return ServiceMain.EXIT_USAGE;
        }
        if (options == null) {
            err.println(WorkScoresOptions.usage());
            return ServiceMain.EXIT_OK;
        }
        WorkScoresService service;
        try {
            service = create(options.settings(), VerdictScale.resolve(options.verdictScale()));
        } catch (RuntimeException e) {
            err.println("reviewflow " + COMMAND + ": " + e.getMessage());
            return ServiceMain.EXIT_USAGE;
        }
        try {
            TopicProvisioner.ensureTopics(options.settings().kafka(), Topics.ALL, options.partitions(),
                    options.settings().replicationFactor());
        } catch (KafkaUnavailableException e) {
            err.println("reviewflow " + COMMAND + ": " + e.getMessage());
            return ServiceMain.EXIT_UNREACHABLE;
        }
        Thread hook = new Thread(service::stop, "reviewflow-" + NAME + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
        } catch (RuntimeException e) {
            // A state directory that cannot be created, or a --property Kafka Streams refuses.
            Runtime.getRuntime().removeShutdownHook(hook);
            service.stop();
            err.println("reviewflow " + COMMAND + ": " + oneLine(e));
            return ServiceMain.EXIT_USAGE;
        }
        err.println("reviewflow " + COMMAND + ": running against " + options.settings().kafka().bootstrapServers()
                + " as " + options.settings().groupInstanceId() + " (Ctrl-C to stop)");
        try {
            service.termination().get();
            return ServiceMain.EXIT_OK;
        } catch (ExecutionException e) {
            err.println("reviewflow " + COMMAND + ": stopped: " + oneLine(e.getCause()));
            service.stop();
            return ServiceMain.EXIT_FATAL;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.stop();
            return ServiceMain.EXIT_OK;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // Already shutting down: the hook is running.
            }
        }
    }

    /**
     * The messages of a failure and its causes on one line: Kafka Streams names the task, topic,
     * partition and offset, the cause what was wrong with the record.
     */
    static String oneLine(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = failure; t != null && messages.size() < 5; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            String firstLine = message.strip().lines().findFirst().orElse("");
            if (!firstLine.isEmpty() && messages.stream().noneMatch(m -> m.contains(firstLine))) {
                messages.add(firstLine);
            }
        }
        return String.join(": ", messages);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
