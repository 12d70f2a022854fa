package io.reviewflow.cli;

import io.reviewflow.contract.Topics;
import io.reviewflow.ingest.service.IngestStage;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.runtime.ops.HangingTransactionWatch;
import io.reviewflow.runtime.ops.HangingTransactions;
import io.reviewflow.runtime.ops.HangingTransactions.Hanging;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reviewflow transactions find-hanging|abort}: the remedy for a stage stalled behind a
 * hanging transaction (OPERATIONS.md), what {@code kafka-transactions.sh find-hanging} and
 * {@code abort} do, over the pipeline's topics and the group offsets, in one step per partition.
 */
@Command(name = "transactions", mixinStandardHelpOptions = true,
        description = {"Find and end hanging transactions: open on a partition while their coordinator has finished "
                + "with them, so read_committed readers wait behind them for good. A stage reports one in its log "
                + "(with the abort command to run), on /health/ready and as reviewflow_hanging_partitions.",
                "See OPERATIONS.md, \"A stage stopped behind a hanging transaction\"."},
        subcommands = {TransactionsCommand.FindHanging.class, TransactionsCommand.Abort.class})
final class TransactionsCommand implements Runnable {

    /**
     * Between the two looks that must both see a transaction hanging: enough for markers in flight
     * to land, short enough for a person waiting.
     */
    static final Duration CONFIRM_AFTER = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The cluster to talk to, as every command takes it. */
    static final class KafkaOptions {
        @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT")
        String bootstrapServer;

        @Option(names = "--property", paramLabel = "KEY=VALUE", description = "Any Kafka client property (repeatable).")
        Map<String, String> properties = Map.of();

        /**
         * Hanging transactions confirmed by two looks on the pipeline's topics, its state topic, the
         * group offsets and {@code extraTopic} (null for none).
         */
        List<Hanging> findHanging(Admin admin, String extraTopic) {
            List<String> topics = new ArrayList<>(Topics.ALL.stream().map(TopicSpec::name).toList());
            topics.add(IngestStage.LEDGER.name());
            if (extraTopic != null && !topics.contains(extraTopic)) {
                topics.add(extraTopic);
            }
            try {
                return HangingTransactions.findConfirmed(admin, topics, CONFIRM_AFTER);
            } catch (ExecutionException e) {
                throw refused(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserFacingException("interrupted", 1, e);
            }
        }

        Admin admin() {
            return Admin.create(new KafkaSettings(bootstrapServer, SubmissionSender.TIMEOUT, properties).adminProperties());
        }

        UserFacingException refused(ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                return new UserFacingException("a topic does not exist at " + bootstrapServer + ": " + cause.getMessage()
                        + " (create the pipeline's topics by starting a service once)", UserFacingException.UNREADABLE_INPUT, e);
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return new UserFacingException("cannot reach Kafka at " + bootstrapServer + ": no answer within "
                        + SubmissionSender.TIMEOUT.toSeconds() + " s", UserFacingException.KAFKA_UNREACHABLE, e);
            }
            return new UserFacingException("Kafka refused: " + cause.getMessage(), UserFacingException.KAFKA_UNREACHABLE, e);
        }
    }

    @Command(name = "find-hanging", mixinStandardHelpOptions = true,
            description = {"List the hanging transactions on the pipeline's topics and __consumer_offsets, one line each "
                    + "with the command that ends it; a line saying none when there are none. Exit 0 either way.",
                    "A transaction is listed only when two looks 2 s apart both see it open from the same offset."})
    static final class FindHanging implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = kafka.admin()) {
                List<Hanging> hanging = kafka.findHanging(admin, null);
                if (hanging.isEmpty()) {
                    out.println("no hanging transactions");
                }
                for (Hanging h : hanging) {
                    out.println(h + "; end it: " + HangingTransactionWatch.abortCommand(kafka.bootstrapServer, h.partition()));
                }
            }
            return 0;
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,
            description = {"End hanging transactions with abort markers and print each one ended: the one on "
                    + "--topic/--partition (on every partition its producer hangs on, __consumer_offsets included, so a "
                    + "stage's records and offsets go together and it reads that input again), or with --all every one "
                    + "find-hanging lists. A transaction is ended only when two looks 2 s apart both see it hanging."})
    static final class Abort implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--topic", paramLabel = "TOPIC", description = "The stalled partition's topic (with --partition).")
        String topic;

        @Option(names = "--partition", paramLabel = "N", description = "The stalled partition (with --topic).")
        Integer partition;

        @Option(names = "--all", description = "Every hanging transaction instead of one partition's.")
        boolean all;

        @Override
        public Integer call() {
            boolean one = topic != null && partition != null;
            if (all ? topic != null || partition != null : !one) {
                throw new UserFacingException("give --topic T --partition P, or --all", UserFacingException.UNREADABLE_INPUT);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = kafka.admin()) {
                if (one) {
                    requirePartition(admin);
                }
                List<Hanging> hanging = kafka.findHanging(admin, topic);
                TopicPartition stalled = all ? null : new TopicPartition(topic, partition);
                List<Hanging> ending = all ? hanging : HangingTransactions.ofProducersOn(hanging, stalled);
                if (ending.isEmpty()) {
                    out.println(all ? "no hanging transactions; nothing aborted"
                            : "no hanging transaction on " + stalled + "; nothing aborted");
                    return 0;
                }
                for (Hanging h : ending) {
                    try {
                        HangingTransactions.abort(admin, List.of(h));
                    } catch (ExecutionException e) {
                        throw kafka.refused(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new UserFacingException("interrupted after aborting some; run it again", 1, e);
                    }
                    out.println("aborted " + h);
                }
            }
            return 0;
        }

        private void requirePartition(Admin admin) {
            int partitions;
            try {
                partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            } catch (ExecutionException e) {
                throw kafka.refused(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserFacingException("interrupted", 1, e);
            }
            if (partition < 0 || partition >= partitions) {
                throw new UserFacingException(topic + " has partitions 0 to " + (partitions - 1) + ", not " + partition,
                        UserFacingException.UNREADABLE_INPUT);
            }
        }
    }
}
