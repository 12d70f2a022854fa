package io.reviewflow.runtime;

import io.reviewflow.broker.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real broker the runtime's own tests run the loop against: one embedded KRaft broker per test
 * JVM, started on first use, with fresh topics per test so tests never see each other's records.
 */
final class RealBroker {

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    private RealBroker() {}

    static synchronized String bootstrapServers() {
        if (broker == null) {
            // The broker looks for timed-out transactions every 10 s by default; the fencing tests let one time out.
            broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(0, null,
                    Map.of("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500")));
            admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                admin.close();
                broker.close();
            }, "runtime-test-broker-stop"));
        }
        return broker.bootstrapServers();
    }

    static synchronized Admin admin() {
        bootstrapServers();
        return admin;
    }

    static KafkaSettings kafka() {
        return KafkaSettings.of(bootstrapServers());
    }

    /** A new topic named {@code prefix} plus a random suffix. */
    static String createTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        createTopicNamed(name, partitions);
        return name;
    }

    static void createTopicNamed(String name, int partitions) throws Exception {
        admin().createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())))
                .all().get(30, TimeUnit.SECONDS);
    }

    static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    /**
     * Reads {@code topic} {@code read_committed} from the beginning until {@code count} records have
     * come, then two seconds more so that a duplicate following them is seen too.
     */
    static List<ConsumerRecord<String, byte[]>> readAtLeast(String topic, int count, Duration timeout) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers());
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        props.put("group.id", "reader-" + UUID.randomUUID());
        List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (read.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
            long settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
            }
        }
        if (read.size() < count) {
            throw new AssertionError("read " + read.size() + " of " + count + " record(s) from " + topic + " in " + timeout);
        }
        return read;
    }
}
