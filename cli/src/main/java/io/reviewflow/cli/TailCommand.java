package io.reviewflow.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.schemas.UndecodableRecordException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a topic's committed events as JSON lines, decoded with the topic's schema, until Ctrl-C.")
final class TailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "One of: ${COMPLETION-CANDIDATES}", completionCandidates = TopicNames.class)
    String topic;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT")
    String bootstrapServer;

    @Option(names = "--from-beginning", description = "Start at the oldest event instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max-events", paramLabel = "N", description = "Stop after N events.")
    Long maxEvents;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Any Kafka client property (repeatable).")
    Map<String, String> properties = Map.of();

    @Override
    public Integer call() throws InterruptedException {
        TopicSpec<?> spec = Topics.byName(topic).orElseThrow(() -> new UserFacingException(
                "unknown topic '" + topic + "'; known: " + String.join(", ", new TopicNames()), UserFacingException.UNREADABLE_INPUT));
        KafkaSettings kafka = new KafkaSettings(bootstrapServer, SubmissionSender.TIMEOUT, properties);
        Properties props = kafka.common();
        props.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.setProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(SubmissionSender.TIMEOUT.toMillis()));
        props.setProperty(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(SubmissionSender.TIMEOUT.toMillis()));
        kafka.withOverrides(props);
        PrintWriter out = this.spec.commandLine().getOut();
        CountDownLatch finished = new CountDownLatch(1);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            Thread hook = new Thread(() -> {
                consumer.wakeup();
                try {
                    finished.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "tail-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            List<TopicPartition> partitions;
            try {
                partitions = consumer.partitionsFor(spec.name(), SubmissionSender.TIMEOUT).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw new UserFacingException("cannot reach Kafka at " + bootstrapServer + ": no answer within "
                        + SubmissionSender.TIMEOUT.toSeconds() + " s", UserFacingException.KAFKA_UNREACHABLE, e);
            }
            if (partitions.isEmpty()) {
                throw new UserFacingException("topic " + spec.name() + " does not exist at " + bootstrapServer, UserFacingException.UNREADABLE_INPUT);
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            long printed = 0;
            try {
                while (maxEvents == null || printed < maxEvents) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        out.println(line(spec, record));
                        printed++;
                        if (maxEvents != null && printed >= maxEvents) {
                            break;
                        }
                    }
                    out.flush();
                }
            } catch (WakeupException e) {
                // Ctrl-C: stop quietly.
            } finally {
                out.flush();
                finished.countDown();
            }
        }
        return 0;
    }

    static String line(TopicSpec<?> spec, ConsumerRecord<String, byte[]> record) {
        ObjectNode line = AvroJson.MAPPER.createObjectNode();
        line.put("topic", record.topic());
        line.put("partition", record.partition());
        line.put("offset", record.offset());
        line.put("key", record.key());
        if (record.value() == null) {
            line.putNull("value");
        } else {
            try {
                line.set("value", AvroJson.toJson(spec.codec().decode(record.value())));
            } catch (UndecodableRecordException e) {
                line.put("undecodable", e.getMessage());
            }
        }
        try {
            return AvroJson.MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Topic names for help and completion. */
    static final class TopicNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toList()).iterator();
        }
    }

}
