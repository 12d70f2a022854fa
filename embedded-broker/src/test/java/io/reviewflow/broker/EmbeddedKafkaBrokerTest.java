package io.reviewflow.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerTest {

    @Test
    void formatsForTransactionsV1UnlessAskedForAnotherLevel(@TempDir Path v1, @TempDir Path v2) throws Exception {
        assertEquals(1, transactionVersion(new EmbeddedKafkaBroker.Settings(0, v1, Map.of())));
        assertEquals(2, transactionVersion(new EmbeddedKafkaBroker.Settings(0, v2, Map.of())
                .withFeatures(Map.of("transaction.version", (short) 2))));
    }

    private static short transactionVersion(EmbeddedKafkaBroker.Settings settings) throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            return admin.describeFeatures().featureMetadata().get().finalizedFeatures()
                    .get("transaction.version").maxVersionLevel();
        }
    }

    @Test
    void committedTransactionsSurviveARestartOnTheSameDataDirectory(@TempDir Path dir) throws Exception {
        int port;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(0, dir, Map.of()))) {
            port = Integer.parseInt(broker.bootstrapServers().split(":")[1]);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            Properties p = new Properties();
            p.put("bootstrap.servers", broker.bootstrapServers());
            p.put("transactional.id", "tx-test");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("t", "k", "committed"));
                producer.commitTransaction();
            }
        }
        assertTrue(Files.exists(dir.resolve("log/meta.properties")));

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(port, dir, Map.of()))) {
            Properties c = new Properties();
            c.put("bootstrap.servers", broker.bootstrapServers());
            c.put("group.id", "g");
            c.put("auto.offset.reset", "earliest");
            c.put("isolation.level", "read_committed");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("t"));
                long deadline = System.currentTimeMillis() + 30_000;
                ConsumerRecords<String, String> records = ConsumerRecords.empty();
                while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                    records = consumer.poll(Duration.ofMillis(500));
                }
                assertEquals(1, records.count());
                assertEquals("committed", records.iterator().next().value());
            }
        }
    }
}
