package io.reviewflow.testkit;

import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.contract.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The least-privilege ACLs of the pipeline's principals, in one place: what the secured tests
 * grant, and what docs/DECISIONS.md ("Kafka security") lists for a real cluster.
 *
 * <p>Topics are created by an administrator before the services start; no service may create one.
 * Every service may DESCRIBE every pipeline topic (see the Kafka security section in DECISIONS.md for why):
 * at start-up it lists the topics to find them all there, and a topic it cannot see it would try,
 * and be refused, to create. DESCRIBE shows that a topic exists, its partitions and offsets; never its records.
 */
public final class PipelineAcls {

    /**
     * What one stage service touches. The group and transactional-id names follow
     * {@code StageService.groupId()} and {@code StageService.transactionalId()}.
     *
     * @param stage       the stage name
     * @param input       the topic it consumes
     * @param outputs     the topics it writes
     * @param stateTopics changelogs it both writes and replays
     * @param readsBack   topics it reads by position, without a group: where a stage after ingest reads a
     *                    rejected review's submission back from ({@code reviews.submitted})
     */
    public record StageAccess(String stage, String input, List<String> outputs, List<String> stateTopics,
                              List<String> readsBack) {
        public StageAccess {
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(input, "input");
            outputs = List.copyOf(outputs);
            stateTopics = List.copyOf(stateTopics);
            readsBack = List.copyOf(readsBack);
        }

        /** A stage that reads nothing back. */
        public StageAccess(String stage, String input, List<String> outputs, List<String> stateTopics) {
            this(stage, input, outputs, stateTopics, List.of());
        }

        /** The consumer group every instance of the stage joins. */
        public String groupId() {
            return "reviewflow-" + stage;
        }

        /** Transactional ids are {@code reviewflow-<stage>-<instance-id>}: one prefix covers every instance. */
        public String transactionalIdPrefix() {
            return "reviewflow-" + stage + "-";
        }
    }

    /** Ingest's ledger changelog; the name is {@code IngestStage.LEDGER}'s, which this module cannot see. */
    public static final String INGEST_STATE_TOPIC = "reviewflow-ingest-state";

    /** Ingest also writes its input: a submission that arrived off its review's home partition is forwarded there. */
    public static final StageAccess INGEST = new StageAccess("ingest", Topics.SUBMITTED.name(),
            List.of(Topics.INGESTED.name(), Topics.REJECTED.name(), Topics.SUBMITTED.name()), List.of(INGEST_STATE_TOPIC));
    /** Scoring, publish and the works service read a submission back from {@code reviews.submitted} to reject it. */
    public static final StageAccess SCORING = new StageAccess("scoring", Topics.INGESTED.name(),
            List.of(Topics.SCORED.name(), Topics.REJECTED.name()), List.of(), List.of(Topics.SUBMITTED.name()));
    public static final StageAccess PUBLISH = new StageAccess("publish", Topics.SCORED.name(),
            List.of(Topics.PUBLISHED.name(), Topics.REJECTED.name()), List.of(), List.of(Topics.SUBMITTED.name()));

    /** The works service's state topics; the names are {@code ContributionStage}'s and {@code TallyStage}'s. */
    public static final String WORKS_CONTRIBUTIONS_STATE_TOPIC = "reviewflow-works-contributions-state";
    public static final String WORKS_TALLIES_STATE_TOPIC = "reviewflow-works-tallies-state";

    /**
     * The works service runs two stages, so its principal gets both: the first forwards a scored
     * review that arrived off its home partition there, as ingest does.
     */
    public static final StageAccess WORKS_CONTRIBUTIONS = new StageAccess("works-contributions", Topics.SCORED.name(),
            List.of(Topics.WORK_CONTRIBUTIONS.name(), Topics.REJECTED.name(), Topics.SCORED.name()),
            List.of(WORKS_CONTRIBUTIONS_STATE_TOPIC), List.of(Topics.SUBMITTED.name()));
    public static final StageAccess WORKS_TALLIES = new StageAccess("works-tallies", Topics.WORK_CONTRIBUTIONS.name(),
            List.of(Topics.WORK_SCORES.name(), Topics.REJECTED.name()), List.of(WORKS_TALLIES_STATE_TOPIC));

    private PipelineAcls() {}

    /** Every pipeline topic, state topics included: the ones a service finds at start-up. */
    public static List<String> pipelineTopics() {
        Set<String> names = new LinkedHashSet<>();
        Topics.ALL.stream().map(TopicSpec::name).forEach(names::add);
        names.add(INGEST_STATE_TOPIC);
        names.add(WORKS_CONTRIBUTIONS_STATE_TOPIC);
        names.add(WORKS_TALLIES_STATE_TOPIC);
        return List.copyOf(names);
    }

    /**
     * A stage service's ACLs: READ its input and what it reads back, WRITE its outputs, READ and WRITE its state, READ its
     * group, WRITE and DESCRIBE its transactional ids, DESCRIBE every pipeline topic. Nothing else:
     * no CREATE, no ALTER, nothing on the cluster.
     */
    public static List<AclBinding> forStage(String principal, StageAccess access) {
        List<AclBinding> bindings = new ArrayList<>();
        bindings.add(topic(principal, access.input(), AclOperation.READ));
        for (String readBack : access.readsBack()) {
            bindings.add(topic(principal, readBack, AclOperation.READ));
        }
        for (String output : access.outputs()) {
            bindings.add(topic(principal, output, AclOperation.WRITE));
        }
        for (String state : access.stateTopics()) {
            bindings.add(topic(principal, state, AclOperation.WRITE));
            bindings.add(topic(principal, state, AclOperation.READ));
        }
        // READ on the group covers joining it and committing offsets inside a transaction.
        bindings.add(allow(principal, new ResourcePattern(ResourceType.GROUP, access.groupId(), PatternType.LITERAL),
                AclOperation.READ));
        ResourcePattern transactionalIds = new ResourcePattern(ResourceType.TRANSACTIONAL_ID,
                access.transactionalIdPrefix(), PatternType.PREFIXED);
        bindings.add(allow(principal, transactionalIds, AclOperation.WRITE));
        bindings.add(allow(principal, transactionalIds, AclOperation.DESCRIBE));
        for (String name : pipelineTopics()) {
            bindings.add(topic(principal, name, AclOperation.DESCRIBE));
        }
        return List.copyOf(new LinkedHashSet<>(bindings));
    }

    /**
     * A writer (the {@code submit} command, an editorial system): WRITE {@code reviews.submitted}.
     * Its idempotent producer needs nothing on the cluster: WRITE on a topic is enough for that.
     */
    public static List<AclBinding> forWriter(String principal) {
        return List.of(topic(principal, Topics.SUBMITTED.name(), AclOperation.WRITE));
    }

    /**
     * A downstream reader (a site, {@code submit --wait}, {@code tail}) of {@code topics}, with no
     * consumer group: it reads from the beginning every time.
     */
    public static List<AclBinding> forReader(String principal, List<String> topics) {
        return topics.stream().map(name -> topic(principal, name, AclOperation.READ)).toList();
    }

    private static AclBinding topic(String principal, String name, AclOperation operation) {
        return allow(principal, new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL), operation);
    }

    private static AclBinding allow(String principal, ResourcePattern pattern, AclOperation operation) {
        return new AclBinding(pattern, new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }
}
