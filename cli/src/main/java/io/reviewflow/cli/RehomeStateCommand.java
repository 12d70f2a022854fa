package io.reviewflow.cli;

import io.reviewflow.contract.Topics;
import io.reviewflow.ingest.service.IngestStage;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.StateRehoming;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** After partitions were added to reviews.submitted: moves ingest's ledger to each review's new home partition. */
@Command(name = "rehome-state", mixinStandardHelpOptions = true,
        description = {"Move ingest's per-review ledger to each review's home partition after partitions were added to "
                + "reviews.submitted, so ingest starts again. Stop every ingest instance first; running it twice moves nothing "
                + "the second time.", "See OPERATIONS.md, \"Partition counts\"."})
final class RehomeStateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT")
    String bootstrapServer;

    @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Any Kafka client property (repeatable).")
    Map<String, String> properties = Map.of();

    @Override
    public Integer call() throws InterruptedException {
        KafkaSettings kafka = new KafkaSettings(bootstrapServer, SubmissionSender.TIMEOUT, properties);
        StateRehoming.Result result;
        try {
            result = StateRehoming.rehome(kafka, Topics.SUBMITTED.name(), IngestStage.LEDGER, "reviewflow-ingest");
        } catch (IllegalStateException e) {
            throw new UserFacingException(e.getMessage(), UserFacingException.UNREADABLE_INPUT, e);
        } catch (TimeoutException e) {
            throw new UserFacingException("cannot reach Kafka at " + bootstrapServer + ": no answer within "
                    + SubmissionSender.TIMEOUT.toSeconds() + " s", UserFacingException.KAFKA_UNREACHABLE, e);
        } catch (ExecutionException e) {
            throw new UserFacingException("Kafka refused: " + e.getCause().getMessage(), UserFacingException.KAFKA_UNREACHABLE, e);
        }
        spec.commandLine().getOut().println(result.stateTopic() + ": " + result.partitionsBefore() + " -> "
                + result.partitionsAfter() + " partitions; " + result.moved() + " of " + result.keys()
                + " review(s) moved to their home partition; ingest can start");
        return 0;
    }
}
