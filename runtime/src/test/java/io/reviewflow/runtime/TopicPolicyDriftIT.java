package io.reviewflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reviewflow.avro.ScoredReview;
import io.reviewflow.schemas.AvroCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** A topic created by an older release with another clean-up policy is reported with the command that aligns it. */
class TopicPolicyDriftIT {

    /** What the contract asks of reviews.scored (the runtime knows no review topics). */
    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact", "delete.retention.ms", "86400000");

    @Test
    void anExistingDeleteTopicThatShouldBeCompactedIsReportedAndLeftAlone() throws Exception {
        // Given reviews.scored as an older release created it: a delete topic
        String name = "scored-" + UUID.randomUUID();
        RealBroker.admin().createTopics(List.of(new NewTopic(name, Optional.of(1), Optional.empty())
                .configs(Map.of("cleanup.policy", "delete")))).all().get();
        TopicSpec<ScoredReview> compacted = new TopicSpec<>(name, AvroCodec.of(ScoredReview.class), COMPACTED);

        // When the provisioner checks it
        List<String> lines = TopicProvisioner.policyDrift(RealBroker.admin(), RealBroker.kafka(), List.of(compacted), Set.of(name));

        // Then one line names the topic, both policies and the command, and the topic is unchanged
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("topic " + name + " has cleanup.policy=delete but the pipeline expects compact"), lines.get(0));
        assertTrue(lines.get(0).contains("--entity-name " + name + " --add-config cleanup.policy=compact,delete.retention.ms=86400000"),
                lines.get(0));
        TopicProvisioner.ensureTopics(RealBroker.kafka(), List.of(compacted), 1, Optional.empty());
        assertEquals(1, TopicProvisioner.policyDrift(RealBroker.admin(), RealBroker.kafka(), List.of(compacted), Set.of(name)).size());
    }

    @Test
    void aTopicWithThePipelinesPolicyIsNotReported() throws Exception {
        String name = "scored-" + UUID.randomUUID();
        TopicSpec<ScoredReview> compacted = new TopicSpec<>(name, AvroCodec.of(ScoredReview.class), COMPACTED);
        TopicProvisioner.ensureTopics(RealBroker.kafka(), List.of(compacted), 1, Optional.empty());

        assertEquals(List.of(), TopicProvisioner.policyDrift(RealBroker.admin(), RealBroker.kafka(), List.of(compacted), Set.of(name)));
    }
}
