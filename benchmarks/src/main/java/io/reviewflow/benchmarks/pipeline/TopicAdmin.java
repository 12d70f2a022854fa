package io.reviewflow.benchmarks.pipeline;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;

/**
 * Creates and deletes the bench's topics and consumer groups, waiting until the broker agrees,
 * so that every variant starts on empty topics with no committed offsets.
 */
final class TopicAdmin implements AutoCloseable {

    record NewTopicSpec(String name, Map<String, String> config) {}

    private final Admin admin;

    TopicAdmin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        this.admin = Admin.create(props);
    }

    /** Deletes whichever of {@code names} exist and waits until they are gone (recreating too soon fails). */
    void deleteTopics(Collection<String> names) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<String> present = names.stream().filter(existing::contains).toList();
        if (present.isEmpty()) {
            return;
        }
        admin.deleteTopics(present).all().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Set<String> now = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (present.stream().noneMatch(now::contains)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("topics not deleted within 60 s: " + present);
    }

    /**
     * Deletes the groups so no committed offset survives into the next run; absent groups are fine.
     * With {@code bestEffort}, a group still not empty after a few seconds is left: Kafka Streams
     * closes without leaving its group, so its members linger until their session times out, and
     * its group ids are unique per run anyway.
     */
    void deleteGroups(Collection<String> groups, boolean bestEffort) throws Exception {
        for (String group : groups) {
            long deadline = System.nanoTime() + Duration.ofSeconds(bestEffort ? 5 : 60).toNanos();
            while (true) {
                try {
                    admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupIdNotFoundException) {
                        break;
                    }
                    // A member that just closed may not have left yet.
                    if (!(e.getCause() instanceof GroupNotEmptyException)) {
                        throw e;
                    }
                    if (System.nanoTime() > deadline) {
                        if (bestEffort) {
                            break;
                        }
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
    }

    void createTopics(List<NewTopicSpec> topics, int partitions) throws Exception {
        admin.createTopics(topics.stream()
                        .map(t -> new NewTopic(t.name(), Optional.of(partitions), Optional.empty()).configs(t.config()))
                        .toList())
                .all().get(60, TimeUnit.SECONDS);
        // Wait until every partition has a leader, so the first sends do not measure metadata retries.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> names = topics.stream().map(NewTopicSpec::name).toList();
        while (true) {
            try {
                boolean led = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .allMatch(d -> d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null));
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics have no leaders after 60 s: " + names);
            }
            Thread.sleep(100);
        }
    }

    /**
     * The size of every topic's log on the brokers, by topic name: each partition counted once (its
     * largest replica), so the figure is what was written to the topic, not times the replication
     * factor. Log segments hold the record batches as the producers sent them (compressed, if they
     * compress) plus transaction markers, so the growth over a phase is what the phase wrote there.
     */
    Map<String, Long> logBytesByTopic() throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).toList();
        Map<TopicPartition, Long> byPartition = new HashMap<>();
        admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()
                .forEach(dirs -> dirs.values().forEach(dir -> dir.replicaInfos()
                        .forEach((partition, replica) -> byPartition.merge(partition, replica.size(), Math::max))));
        Map<String, Long> byTopic = new TreeMap<>();
        byPartition.forEach((partition, bytes) -> byTopic.merge(partition.topic(), bytes, Long::sum));
        return byTopic;
    }

    /**
     * The feature levels the cluster runs with (finalized, max level by name), e.g. {@code transaction.version}:
     * what the result file records, so a run says which transaction protocol it measured.
     */
    Map<String, Short> finalizedFeatures() throws Exception {
        Map<String, Short> levels = new TreeMap<>();
        admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS).finalizedFeatures()
                .forEach((name, range) -> levels.put(name, range.maxVersionLevel()));
        return levels;
    }

    Set<String> listTopics() throws Exception {
        return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
