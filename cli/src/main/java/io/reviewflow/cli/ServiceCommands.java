package io.reviewflow.cli;

import picocli.CommandLine.Command;

/**
 * Help entries for the services. {@link ReviewflowCli} hands their arguments straight to
 * each service's own command line, so these classes only describe them.
 */
final class ServiceCommands {
    private ServiceCommands() {}

    @Command(name = "ingest", description = "Run the ingest service: reviews.submitted -> reviews.ingested "
            + "(--bootstrap-server HOST:PORT; --help for all options).")
    static final class Ingest implements Runnable {
        @Override
        public void run() {
            // Never reached: ReviewflowCli dispatches before picocli parses.
        }
    }

    @Command(name = "scoring", description = "Run the scoring service: reviews.ingested -> reviews.scored "
            + "(--bootstrap-server HOST:PORT [--verdict-scale NAME|FILE]; --help for all options).")
    static final class Scoring implements Runnable {
        @Override
        public void run() {
            // Never reached: ReviewflowCli dispatches before picocli parses.
        }
    }

    @Command(name = "publish", description = "Run the publish service: reviews.scored -> reviews.published "
            + "(--bootstrap-server HOST:PORT; --help for all options).")
    static final class Publish implements Runnable {
        @Override
        public void run() {
            // Never reached: ReviewflowCli dispatches before picocli parses.
        }
    }

    @Command(name = "works", description = "Run the works service: reviews.scored -> works.scores, the mean score of every work "
            + "(--bootstrap-server HOST:PORT [--verdict-scale NAME|FILE]; --help for all options).")
    static final class Works implements Runnable {
        @Override
        public void run() {
            // Never reached: ReviewflowCli dispatches before picocli parses.
        }
    }

    @Command(name = "gateway", description = "Run the HTTP gateway: writers PUT/DELETE /v1/reviews/{id} -> reviews.submitted, "
            + "outcomes at /v1/submissions/{id} (--bootstrap-server HOST:PORT --tokens FILE; --help for all options).")
    static final class Gateway implements Runnable {
        @Override
        public void run() {
            // Never reached: ReviewflowCli dispatches before picocli parses.
        }
    }
}
