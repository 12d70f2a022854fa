package io.reviewflow.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    /** Prints its first argument after waiting its second (milliseconds), then waits to be killed. */
    public static final class Announcer {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(Long.parseLong(args[1]));
            System.out.println("started: " + args[0]);
            System.out.flush();
            Thread.sleep(60_000);
        }
    }

    private static List<String> announcer(String name, long delayMillis) {
        List<String> arguments = new ArrayList<>(ChildJvm.onThisClassPath(Announcer.class.getName()));
        arguments.addAll(List.of(name, Long.toString(delayMillis)));
        return arguments;
    }

    @Test
    void aRestartedChildIsAwaitedOnItsOwnLinesNotItsPredecessorsInTheSameLog(@TempDir Path logs) throws Exception {
        try (ChildJvm first = ChildJvm.start("service", announcer("first", 0), logs)) {
            assertEquals("started: first", first.awaitLogLine("started:", Duration.ofSeconds(30)));
            first.kill();
        }
        // Seen to fail when the whole log was searched: it returned the first incarnation's line at once.
        try (ChildJvm second = ChildJvm.start("service", announcer("second", 500), logs)) {
            assertEquals("started: second", second.awaitLogLine("started:", Duration.ofSeconds(30)));
        }
    }
}
