package io.reviewflow.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics when they are absent. Existing topics are left as they are:
 * changing partitions of a keyed topic would move reviews between partitions and break order, and
 * a topic's clean-up policy is the operator's to change. An existing topic whose
 * {@code cleanup.policy} is not the pipeline's is reported, with the command that aligns it.
 */
public final class TopicProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final String CLEANUP_POLICY = "cleanup.policy";

    private TopicProvisioner() {}

    /**
     * @param partitions        partitions of each new topic
     * @param replicationFactor replicas of each new topic; empty uses the broker's default
     */
    public static void ensureTopics(KafkaSettings settings, Collection<TopicSpec<?>> topics, int partitions,
                                    Optional<Short> replicationFactor) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            Set<String> existing = admin.listTopics().names().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (TopicSpec<?> topic : topics) {
                if (!existing.contains(topic.name())) {
                    missing.add(new NewTopic(topic.name(), Optional.of(partitions), replicationFactor)
                            .configs(Map.copyOf(topic.topicConfig())));
                }
            }
            policyDrift(admin, settings, topics, existing).forEach(LOG::warn);
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("created topic {} with {} partition(s)", name, partitions);
                } catch (ExecutionException e) {
                    KafkaUnavailableException refused = refusal(settings, "create topic " + name, e.getCause());
                    if (refused != null) {
                        throw refused;
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        // Another instance may have won the race; anything else is a real failure.
                        throw new KafkaUnavailableException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new KafkaUnavailableException("timed out creating topic " + name, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaUnavailableException("interrupted creating topic " + name, e);
                }
            });
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(settings, e.getCause());
            }
            KafkaUnavailableException refused = refusal(settings, "list topics", e.getCause());
            if (refused != null) {
                throw refused;
            }
            throw new KafkaUnavailableException("cannot list topics at " + settings.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(settings, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while listing topics", e);
        }
    }

    /**
     * One line for each existing topic whose clean-up policy differs from the pipeline's (e.g.
     * {@code reviews.scored} created as a delete topic by an older release), with the command that
     * aligns it. Best effort: a cluster that denies DESCRIBE_CONFIGS gives no lines.
     */
    static List<String> policyDrift(Admin admin, KafkaSettings settings, Collection<TopicSpec<?>> topics, Set<String> existing) {
        Map<ConfigResource, TopicSpec<?>> checked = new LinkedHashMap<>();
        for (TopicSpec<?> topic : topics) {
            if (existing.contains(topic.name()) && topic.topicConfig().containsKey(CLEANUP_POLICY)) {
                checked.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()), topic);
            }
        }
        if (checked.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(checked.keySet()).all().get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("cannot check the clean-up policy of existing topics: {}", e.toString());
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        checked.forEach((resource, topic) -> {
            String wanted = topic.topicConfig().get(CLEANUP_POLICY);
            ConfigEntry actual = configs.containsKey(resource) ? configs.get(resource).get(CLEANUP_POLICY) : null;
            if (actual != null && !wanted.equals(actual.value())) {
                lines.add("topic " + topic.name() + " has cleanup.policy=" + actual.value() + " but the pipeline expects "
                        + wanted + "; align it with: kafka-configs.sh --bootstrap-server " + settings.bootstrapServers()
                        + " --alter --entity-type topics --entity-name " + topic.name() + " --add-config cleanup.policy="
                        + wanted + Optional.ofNullable(topic.topicConfig().get("delete.retention.ms"))
                                .map(ms -> ",delete.retention.ms=" + ms).orElse("")
                        + " (OPERATIONS.md, \"Upgrade\")");
            }
        });
        return lines;
    }

    private static KafkaUnavailableException unreachable(KafkaSettings settings, Throwable cause) {
        return new KafkaUnavailableException("cannot reach Kafka at " + settings.bootstrapServers()
                + ": no answer within " + settings.requestTimeout().toSeconds() + " s", cause);
    }

    /**
     * A failed login or a request the ACLs deny, as one line that says which and what to do; null
     * for any other failure. Kafka's own text alone ("Authorization failed.") names neither the
     * request nor the way out, and on a secured cluster services are not meant to create topics.
     */
    private static KafkaUnavailableException refusal(KafkaSettings settings, String action, Throwable cause) {
        if (cause instanceof AuthenticationException) {
            return new KafkaUnavailableException("cannot authenticate with Kafka at " + settings.bootstrapServers()
                    + ": " + oneLine(cause), cause);
        }
        if (cause instanceof AuthorizationException) {
            return new KafkaUnavailableException("not authorised to " + action + " at " + settings.bootstrapServers()
                    + " (" + oneLine(cause) + "): with ACLs, an administrator creates the topics before the services"
                    + " start, and each service needs DESCRIBE on every pipeline topic", cause);
        }
        return null;
    }

    private static String oneLine(Throwable cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.replaceAll("\\s+", " ").strip();
    }

    /**
     * Creates the stage's state changelogs when absent: compacted, with exactly as many partitions
     * as its input, since state for input partition p lives in changelog partition p. An existing
     * changelog with another partition count is refused: its state would be read for the wrong keys.
     *
     * @return the input's partition count, which is every state topic's too
     */
    public static int ensureStateTopics(KafkaSettings settings, String inputTopic, List<TopicSpec<?>> stores) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            long timeout = settings.requestTimeout().toMillis();
            int partitions = admin.describeTopics(List.of(inputTopic)).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                    .get(inputTopic).partitions().size();
            Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
            for (TopicSpec<?> store : stores) {
                if (existing.contains(store.name())) {
                    int actual = admin.describeTopics(List.of(store.name())).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                            .get(store.name()).partitions().size();
                    if (actual != partitions) {
                        throw new FatalStageException(partitionMismatch(inputTopic, partitions, store.name(), actual), null);
                    }
                    continue;
                }
                java.util.Map<String, String> config = new java.util.HashMap<>(store.topicConfig());
                config.put("cleanup.policy", "compact");
                try {
                    admin.createTopics(List.of(new NewTopic(store.name(), Optional.of(partitions), Optional.empty()).configs(config)))
                            .all().get(timeout, TimeUnit.MILLISECONDS);
                    LOG.info("created state topic {} with {} partition(s)", store.name(), partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            return partitions;
        } catch (ExecutionException e) {
            KafkaUnavailableException refused = refusal(settings, "prepare state topics for " + inputTopic, e.getCause());
            if (refused != null) {
                throw refused;
            }
            throw new KafkaUnavailableException("cannot prepare state topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(settings, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted preparing state topics", e);
        }
    }

    /** The one line a stage stops with when its input and its state are no longer partitioned alike. */
    static String partitionMismatch(String inputTopic, int inputPartitions, String stateTopic, int statePartitions) {
        return inputTopic + " has " + inputPartitions + " partitions but its state topic " + stateTopic + " has "
                + statePartitions + ": a review's state would no longer be on the partition its submissions go to;"
                + " with every instance stopped, move the state with 'reviewflow rehome-state' (OPERATIONS.md, \"Partition counts\")";
    }
}
