package io.reviewflow.runtime;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FinalizedVersionRange;

/**
 * Reads which transaction protocol the cluster runs. Kafka 4.x finalizes transactions v2 on a new
 * cluster; our own brokers run v1 (RELIABILITY.md, "A hanging transaction after a broker restart":
 * Kafka 4.4.0 left transactions hanging after broker restarts on both, v1 is no worse and costs
 * nothing measurable), so a service on a v2 cluster says so once at start-up, with the command that
 * switches (a safe downgrade, done online). Either protocol is supported.
 */
public final class TransactionVersionCheck {

    /** The feature name Kafka finalizes the transaction protocol under. */
    public static final String FEATURE = "transaction.version";

    private TransactionVersionCheck() {}

    /** The finalized level; empty when the cluster does not say (an old broker, or the call failed). */
    public static Optional<Short> finalizedLevel(KafkaSettings settings) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            FinalizedVersionRange range = admin.describeFeatures().featureMetadata()
                    .get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .finalizedFeatures().get(FEATURE);
            return range == null ? Optional.empty() : Optional.of(range.maxVersionLevel());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The start-up note for a cluster on transactions v2 or later; empty when there is nothing to say. */
    public static Optional<String> note(Optional<Short> level, String bootstrapServers) {
        if (level.isEmpty() || level.get() < 2) {
            return Optional.empty();
        }
        return Optional.of("note: the cluster runs transactions v" + level.get() + "; reviewflow's own brokers run v1"
                + " (RELIABILITY.md, \"A hanging transaction after a broker restart\"); to switch:"
                + " kafka-features.sh --bootstrap-server " + bootstrapServers + " downgrade --feature " + FEATURE + "=1");
    }
}
