package io.reviewflow.cli;

import io.reviewflow.gateway.GatewayService;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.publish.service.PublishService;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.scoring.works.service.WorksService;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code reviewflow COMMAND}: the one entry point for people. Every failure ends as one line
 * saying what went wrong and a non-zero exit code, never a stack trace.
 */
@Command(name = "reviewflow",
        mixinStandardHelpOptions = true,
        version = "reviewflow 0.1.0",
        description = "An exactly-once review pipeline over Kafka: ingest, scoring, publish.",
        subcommands = {
                DemoCommand.class,
                BrokerCommand.class,
                ServiceCommands.Ingest.class,
                ServiceCommands.Scoring.class,
                ServiceCommands.Publish.class,
                ServiceCommands.Works.class,
                ServiceCommands.Gateway.class,
                SubmitCommand.class,
                TailCommand.class,
                SiteCommand.class,
                RehomeStateCommand.class,
                TransactionsCommand.class,
        })
public final class ReviewflowCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo") && System.getProperty("reviewflow.log.level") == null) {
            // The demo prints its own progress and table; service chatter would bury them.
            System.setProperty("reviewflow.log.level", "warn");
        }
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        // The services parse their own options (shared with their standalone mains), so hand them over as they are.
        if (args.length > 0) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            switch (args[0]) {
                case "ingest" -> {
                    return IngestService.run(rest);
                }
                case "scoring" -> {
                    return ScoringService.run(rest);
                }
                case "publish" -> {
                    return PublishService.run(rest);
                }
                case "works" -> {
                    return WorksService.run(rest);
                }
                case "gateway" -> {
                    return GatewayService.run(rest);
                }
                default -> { }
            }
        }
        CommandLine commandLine = new CommandLine(new ReviewflowCli());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("reviewflow " + cmd.getCommandName() + ": " + OneLine.of(e));
            return e instanceof UserFacingException u ? u.exitCode() : 1;
        });
        return commandLine.execute(args);
    }
}
