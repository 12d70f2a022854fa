package io.reviewflow.scoring.works;

import io.reviewflow.runtime.KafkaSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How one work-scores instance runs.
 *
 * @param kafka             how to reach Kafka; its client overrides apply to every Streams client
 * @param applicationId     the Kafka Streams application id: consumer group, transactional id
 *                          prefix and internal topic prefix. Instances that share it share the work.
 * @param instanceId        stable id of this instance (as for the stages): the static group member
 *                          {@code <applicationId>-<instanceId>}, so a restarted instance takes its
 *                          partitions straight back instead of waiting out a session timeout
 * @param stateDir          where Kafka Streams keeps its local stores; rebuilt from the changelogs
 *                          whenever missing or not cleanly closed
 * @param replicationFactor replicas of the internal topics; empty uses the broker's default
 */
public record WorkScoresSettings(KafkaSettings kafka, String applicationId, String instanceId, Path stateDir,
                                 Optional<Short> replicationFactor) {

    public static final String DEFAULT_APPLICATION_ID = "reviewflow-work-scores";
    private static final String ID_PATTERN = "[A-Za-z0-9._-]{1,100}";

    public WorkScoresSettings {
        Objects.requireNonNull(kafka, "kafka");
        requireId("application id", applicationId);
        requireId("instance id", instanceId);
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
    }

    /**
     * The default application id, internal topics at the broker's replication factor, and state
     * under the system temp directory, in a folder of its own per application and instance: a
     * restart on the same host finds its stores (and its transactional ids) again. Containers
     * should mount a volume and set {@link #withStateDir}.
     */
    public static WorkScoresSettings defaults(KafkaSettings kafka, String instanceId) {
        return new WorkScoresSettings(kafka, DEFAULT_APPLICATION_ID, instanceId,
                defaultStateDir(DEFAULT_APPLICATION_ID, instanceId), Optional.empty());
    }

    public static Path defaultStateDir(String applicationId, String instanceId) {
        return Path.of(System.getProperty("java.io.tmpdir"), "reviewflow", applicationId, instanceId);
    }

    public WorkScoresSettings withStateDir(Path dir) {
        return new WorkScoresSettings(kafka, applicationId, instanceId, dir, replicationFactor);
    }

    public WorkScoresSettings withApplicationId(String id) {
        return new WorkScoresSettings(kafka, id, instanceId, stateDir, replicationFactor);
    }

    public WorkScoresSettings withReplicationFactor(Optional<Short> replicas) {
        return new WorkScoresSettings(kafka, applicationId, instanceId, stateDir, replicas);
    }

    /** The static group member id of this instance (Kafka Streams appends the thread number). */
    public String groupInstanceId() {
        return applicationId + "-" + instanceId;
    }

    private static void requireId(String what, String id) {
        Objects.requireNonNull(id, what);
        if (!id.matches(ID_PATTERN)) {
            throw new IllegalArgumentException(what + " must be 1-100 of A-Z a-z 0-9 . _ -, was '" + id + "'");
        }
    }
}
