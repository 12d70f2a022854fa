package io.reviewflow.benchmarks.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bench's processes variant claims to run the services as production does: its JVM options
 * must be the ones {@code docker-compose.yml} gives ingest, scoring and publish.
 */
class ComposeJvmOptionsTest {

    @Test
    void theServicesInDockerComposeRunWithTheBenchsJvmOptions() throws Exception {
        Path compose = Path.of("..", "docker-compose.yml");
        String text = Files.readString(compose);
        List<String> found = new ArrayList<>();
        // A service block: "  name:" at two spaces, up to the next one.
        Matcher service = Pattern.compile("(?m)^  ([a-z-]+):\\n((?:(?!^  [a-z-]+:\\n).*\\n?)*)").matcher(text);
        while (service.find()) {
            String name = service.group(1);
            if (!List.of("ingest", "scoring", "publish").contains(name)) {
                continue;
            }
            Matcher options = Pattern.compile("(?m)^\\s+JAVA_TOOL_OPTIONS:\\s*\"([^\"]*)\"").matcher(service.group(2));
            found.add(name + ": " + (options.find() ? options.group(1) : "(none)"));
        }
        String expected = String.join(" ", ServiceProcessesVariant.JVM_OPTIONS);
        assertEquals(List.of("ingest: " + expected, "scoring: " + expected, "publish: " + expected), found);
    }
}
