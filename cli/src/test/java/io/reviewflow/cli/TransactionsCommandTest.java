package io.reviewflow.cli;

import static io.reviewflow.cli.CommandLineTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * {@code reviewflow transactions}' failures, no broker needed: one line each, exit code 2 for bad
 * input, 3 for Kafka out of reach. (The remedy itself runs in {@link HangingTransactionIT}.)
 *
 * <p>Seen to fail on purpose before passing: with the --topic/--partition/--all check removed, abort
 * without a target went on to connect and ended with exit 3 instead of 2.
 */
class TransactionsCommandTest {

    @Test
    void abortNeedsOnePartitionOrAll() {
        for (String[] args : new String[][] {
                {"transactions", "abort", "--bootstrap-server", "127.0.0.1:1"},
                {"transactions", "abort", "--bootstrap-server", "127.0.0.1:1", "--topic", "reviews.ingested"},
                {"transactions", "abort", "--bootstrap-server", "127.0.0.1:1", "--all", "--partition", "1"}}) {
            CommandLineTest.Run run = run(args);

            assertEquals(2, run.exitCode(), run.err());
            assertEquals("reviewflow abort: give --topic T --partition P, or --all", run.err().strip());
        }
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCode3() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CommandLineTest.Run run = run("transactions", "find-hanging", "--bootstrap-server", "127.0.0.1:" + closedPort);

        assertEquals(3, run.exitCode(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("reviewflow find-hanging: cannot reach Kafka at 127.0.0.1:" + closedPort), run.err());
    }
}
