package io.reviewflow.testkit;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real Kafka broker a test JVM shares, chosen once at run time:
 * <ol>
 *   <li>bootstrap servers from {@code REVIEWFLOW_TEST_BOOTSTRAP_SERVERS} (or the system property
 *       {@code reviewflow.test.bootstrap.servers}): an external cluster;</li>
 *   <li>else Testcontainers' Kafka module, if a Docker engine answers;</li>
 *   <li>else an embedded single-node KRaft broker in this JVM.</li>
 * </ol>
 * Never a mock: every integration test talks to a real broker with real transactions.
 */
public final class TestKafka {

    public static final String BOOTSTRAP_ENV = "REVIEWFLOW_TEST_BOOTSTRAP_SERVERS";
    public static final String BOOTSTRAP_PROPERTY = "reviewflow.test.bootstrap.servers";
    /** The image used where Docker exists: the official Apache Kafka image (KRaft), version from the build. */
    public static final String KAFKA_IMAGE = System.getProperty("reviewflow.test.kafka.image", "apache/kafka:4.4.0");

    private static final Logger LOG = LoggerFactory.getLogger(TestKafka.class);

    /**
     * The broker looks for timed-out transactions every 10 s by default; tests that let one time
     * out would wait that long for nothing.
     */
    public static final java.util.Map<String, String> TEST_BROKER_OVERRIDES =
            java.util.Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static String bootstrapServers;
    private static String kind;

    private TestKafka() {}

    /** Bootstrap servers of the shared broker, starting it on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            start();
        }
        return bootstrapServers;
    }

    /** How the broker was provided: external, testcontainers or embedded. */
    public static synchronized String kind() {
        bootstrapServers();
        return kind;
    }

    private static void start() {
        Optional<String> external = Optional.ofNullable(System.getenv(BOOTSTRAP_ENV))
                .or(() -> Optional.ofNullable(System.getProperty(BOOTSTRAP_PROPERTY)))
                .filter(s -> !s.isBlank());
        if (external.isPresent()) {
            bootstrapServers = external.get();
            kind = "external";
        } else if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-kafka-stop"));
            bootstrapServers = container.getBootstrapServers();
            kind = "testcontainers";
            useTransactionsV1(bootstrapServers);
        } else {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(0, null, TEST_BROKER_OVERRIDES));
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "test-kafka-stop"));
            bootstrapServers = broker.bootstrapServers();
            kind = "embedded";
        }
        LOG.warn("test Kafka: {} broker at {}", kind, bootstrapServers);
    }

    /**
     * The image formats for transactions v2; tests run on v1 like every broker of ours
     * (RELIABILITY.md, "A hanging transaction after a broker restart"), as compose does it: online.
     */
    private static void useTransactionsV1(String bootstrap) {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap))) {
            admin.updateFeatures(java.util.Map.of("transaction.version", new org.apache.kafka.clients.admin.FeatureUpdate(
                            (short) 1, org.apache.kafka.clients.admin.FeatureUpdate.UpgradeType.SAFE_DOWNGRADE)),
                    new org.apache.kafka.clients.admin.UpdateFeaturesOptions()).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot switch the test broker to transactions v1", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted switching the test broker to transactions v1", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
