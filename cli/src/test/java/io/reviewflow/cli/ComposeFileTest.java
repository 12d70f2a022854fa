package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reviewflow.gateway.GatewaySettings;
import io.reviewflow.ingest.service.IngestService;
import io.reviewflow.runtime.ServiceOptions;
import io.reviewflow.scoring.service.ScoringService;
import io.reviewflow.scoring.works.service.WorksService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml} configures the services through their environment; a variable
 * the code does not know would be a setting silently ignored in production. So each stage
 * service's environment goes through exactly the check its start-up makes, which stops on any
 * unknown {@code REVIEWFLOW_*} variable, malformed value or unknown Kafka client property.
 */
class ComposeFileTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** The stage commands and their own options, beside the common ones. */
    private static final Map<String, Map<String, String>> STAGES = Map.of(
            "ingest", IngestService.LIMIT_OPTIONS,
            "scoring", ScoringService.OPTIONS,
            "publish", Map.of(),
            "works", WorksService.OPTIONS,
            "gateway", GatewaySettings.OPTIONS);
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    @Test
    void everyReviewflowVariableInTheComposeFileIsASettingOfItsService() throws IOException {
        // Given the compose file of the repository
        JsonNode compose = YAML.readTree(Files.readString(repositoryFile("docker-compose.yml")));

        // When each service's environment is checked as its command would check it at start-up
        List<String> problems = problems(compose);

        // Then there is nothing to report, and every stage service and the gateway were checked
        assertEquals(List.of(), problems);
        List<String> commands = new ArrayList<>();
        compose.get("services").forEach(service -> commands.add(command(service)));
        assertTrue(commands.containsAll(STAGES.keySet()), "compose runs " + commands);
    }

    @Test
    void everyStageStartsOnlyAfterTheClusterIsOnTransactionsV1() throws IOException {
        // Given the compose file of the repository, whose broker image formats for transactions v2
        JsonNode services = YAML.readTree(Files.readString(repositoryFile("docker-compose.yml"))).get("services");

        // Then a one-shot container downgrades the cluster to v1 (RELIABILITY.md) once the broker is healthy
        JsonNode features = services.get("kafka-features");
        List<String> command = new ArrayList<>();
        features.get("command").forEach(part -> command.add(part.asText()));
        assertEquals(List.of("downgrade", "--feature", "transaction.version=1"), command.subList(command.size() - 3, command.size()));
        assertEquals("service_healthy", features.at("/depends_on/kafka/condition").asText());
        // And no stage starts before it has finished successfully
        services.fields().forEachRemaining(service -> {
            if (STAGES.containsKey(command(service.getValue()))) {
                assertEquals("service_completed_successfully",
                        service.getValue().at("/depends_on/kafka-features/condition").asText(), service.getKey());
            }
        });
    }

    @Test
    void aVariableTheServiceDoesNotKnowIsReportedByName() throws IOException {
        // Given a compose file that gives ingest the scoring service's setting, a typo, and a misspelt Kafka property
        JsonNode compose = YAML.readTree("""
                services:
                  ingest:
                    command: ["ingest"]
                    environment:
                      REVIEWFLOW_BOOTSTRAP_SERVER: kafka:9092
                      REVIEWFLOW_VERDICT_SCALE: house
                  publish:
                    command: publish
                    environment:
                      - REVIEWFLOW_BOOTSTRAP_SERVER=kafka:9092
                      - REVIEWFLOW_KAFKA_SECURITY_PROTOCL=SSL
                  site:
                    command: ["site", "--out", "/site"]
                    environment:
                      REVIEWFLOW_HTTP_PORT: "8084"
                """);

        // When checked, then each is named with its service
        assertEquals(List.of(
                "ingest: unknown setting REVIEWFLOW_VERDICT_SCALE: not an option of ingest (see reviewflow ingest --help)",
                "publish: REVIEWFLOW_KAFKA_SECURITY_PROTOCL: unknown Kafka client property 'security.protocl'; did you mean security.protocol?",
                "site: the site command reads no REVIEWFLOW_* variable, but is given REVIEWFLOW_HTTP_PORT"),
                problems(compose));
    }

    @Test
    void prometheusScrapesEachStageOnThePortItServes() throws IOException {
        // Given the compose file and the Prometheus configuration it mounts
        JsonNode compose = YAML.readTree(Files.readString(repositoryFile("docker-compose.yml")));
        JsonNode prometheus = YAML.readTree(Files.readString(repositoryFile("ops/prometheus.yml")));
        Map<String, Integer> scraped = new TreeMap<>();
        prometheus.get("scrape_configs").forEach(job -> job.path("dns_sd_configs").forEach(
                sd -> sd.get("names").forEach(name -> scraped.put(name.asText(), sd.get("port").asInt()))));

        // Then every stage listens on every interface of its container, on the port Prometheus scrapes and compose exposes
        Map<String, Integer> served = new TreeMap<>();
        compose.get("services").fields().forEachRemaining(entry -> {
            if (STAGES.containsKey(command(entry.getValue()))) {
                Map<String, String> environment = environment(entry.getValue());
                int port = Integer.parseInt(environment.get("REVIEWFLOW_HTTP_PORT"));
                served.put(entry.getKey(), port);
                assertEquals("0.0.0.0", environment.get("REVIEWFLOW_HTTP_ADDRESS"), entry.getKey());
                List<String> exposed = new ArrayList<>();
                entry.getValue().path("expose").forEach(p -> exposed.add(p.asText()));
                assertTrue(exposed.contains(Integer.toString(port)), entry.getKey() + " exposes " + exposed);
            }
        });
        assertEquals(served, scraped);
    }

    /** One line per problem: the compose service, then the message its command would stop with. */
    static List<String> problems(JsonNode compose) {
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> services = compose.get("services").fields(); services.hasNext(); ) {
            Map.Entry<String, JsonNode> service = services.next();
            String command = command(service.getValue());
            Map<String, String> environment = environment(service.getValue());
            if (STAGES.containsKey(command)) {
                try {
                    ServiceOptions.parse(command, new String[0], STAGES.get(command), environment);
                } catch (IllegalArgumentException e) {
                    problems.add(service.getKey() + ": " + e.getMessage());
                }
            } else {
                // Other commands (site, submit, tail, broker) take flags only; a new service command belongs in STAGES.
                environment.keySet().stream().filter(name -> name.startsWith("REVIEWFLOW_")).sorted().forEach(name ->
                        problems.add(service.getKey() + ": the " + command + " command reads no REVIEWFLOW_* variable, but is given " + name));
            }
        }
        return problems;
    }

    private static String command(JsonNode service) {
        JsonNode command = service.path("command");
        if (command.isArray()) {
            return command.size() == 0 ? "" : command.get(0).asText();
        }
        return command.asText("").strip().split("\\s+")[0];
    }

    /** The environment as compose hands it over: map or list form, {@code ${VAR:-default}} resolved to its default. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> environment = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> environment.put(e.getKey(), interpolated(e.getValue().isNull() ? "" : e.getValue().asText())));
        } else if (node.isArray()) {
            node.forEach(item -> {
                String[] pair = item.asText().split("=", 2);
                environment.put(pair[0], interpolated(pair.length > 1 ? pair[1] : ""));
            });
        }
        return environment;
    }

    private static String interpolated(String value) {
        Matcher matcher = INTERPOLATION.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(matcher.group(2) == null ? "" : matcher.group(2)));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    /** A file of the repository, found from the module directory the tests run in. */
    private static Path repositoryFile(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docker-compose.yml")) && Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new AssertionError(name + " not found above " + Path.of("").toAbsolutePath());
    }
}
