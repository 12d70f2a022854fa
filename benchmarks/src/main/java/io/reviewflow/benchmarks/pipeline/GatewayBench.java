package io.reviewflow.benchmarks.pipeline;

import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.benchmarks.Samples;
import io.reviewflow.contract.SubmissionProducer;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.TopicReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issue 13's gateway bench: submissions per second into {@code reviews.submitted} through the HTTP
 * gateway beside direct Kafka submission, in the same run, on the same broker. The broker
 * ({@code reviewflow broker}) and the gateway ({@code reviewflow gateway}) each run in their own
 * JVM from the runnable jar, as in production; the clients of both variants run here. Each client
 * count is measured for both variants back to back in every round, the order rotating between
 * rounds, after an untimed warm-up that lasts until the gateway's CPU per submission settles. Afterwards the topic is read back ({@code read_committed},
 * from the beginning): every phase must have exactly its submissions there, once each, or the
 * bench exits 1. Prints a table and writes the raw JSON result.
 *
 * <pre>./reviewflow bench gateway --submissions 3000 --rounds 3 --clients 1,8,32</pre>
 */
public final class GatewayBench {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** The warm-up ends when the gateway's CPU per submission changed by less than this share since the last round. */
    private static final double SETTLED_CHANGE = 0.10;

    private final GatewayBenchOptions options;
    private final ResultFile resultFile;
    private final Path checkout;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final byte[] document;
    private final DocumentFormat format;
    private final List<SubmissionPhase> phases = new ArrayList<>();
    /** Review id prefix of each phase, in the order of {@link #phases}: how the topic's records are told apart. */
    private final List<String> prefixes = new ArrayList<>();
    private BrokerProcess broker;
    private GatewayProcess gateway;

    private GatewayBench(GatewayBenchOptions options, ResultFile resultFile) {
        this.options = options;
        this.resultFile = resultFile;
        this.checkout = resultFile.checkout();
        this.document = Samples.bytes(options.sample());
        // The format reviewflow submit declares for the file (its extension), as the envelope carries it.
        this.format = DocumentFormat.valueOf(Samples.formatOf(options.sample()).name());
    }

    public static void main(String[] args) {
        GatewayBenchOptions options;
        try {
            options = GatewayBenchOptions.parse(args);
        } catch (BenchOptions.HelpRequested e) {
            System.out.print(GatewayBenchOptions.USAGE);
            return;
        } catch (IllegalArgumentException e) {
            System.err.println("bench gateway: " + e.getMessage());
            System.err.print(GatewayBenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(new GatewayBench(options, new ResultFile(GatewayBench.class, args)).run());
        } catch (Exception e) {
            System.err.println("bench gateway: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private int run() throws Exception {
        Path jar = options.reviewflowJar() != null ? options.reviewflowJar() : checkout.resolve("cli/target/reviewflow.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no runnable jar at " + jar + ": build it (mvn -B -DskipTests package) or pass --reviewflow-jar");
        }
        Map<String, Object> machine = MachineInfo.describe();
        Map<String, Object> result = resultFile.header(machine);
        result.put("settings", settings());
        Path work = Files.createTempDirectory("reviewflow-gateway-bench-");
        System.err.println("bench gateway: logs (and the broker's data) in " + work);
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap == null) {
                System.err.println("bench gateway: starting reviewflow broker in its own JVM...");
                broker = BrokerProcess.start(jar, work);
                bootstrap = broker.bootstrapServers();
            }
            System.err.println("bench gateway: starting reviewflow gateway in its own JVM...");
            gateway = GatewayProcess.start(jar, bootstrap, Collections.max(options.clients()), work);
            gateway.awaitReady(Duration.ofSeconds(90));
            measure(bootstrap);
            System.err.println("bench gateway: reading " + Topics.SUBMITTED.name() + " back to check every submission arrived once...");
            verify(bootstrap);
        } finally {
            if (gateway != null) {
                gateway.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
        machine.put("load_average_at_end", MachineInfo.loadAverage());
        result.put("finished", Instant.now().toString());
        GatewayReport report = new GatewayReport(phases);
        result.put("verified", report.allVerified());
        result.put("summary", report.summary());
        result.put("phases", report.phaseRows());
        report.printTable(System.out);
        Path out = resultFile.write("gateway", options.out(), JsonText.document(result));
        System.err.println("bench gateway: results written to " + out.toAbsolutePath());
        return report.allVerified() ? 0 : 1;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("submissions_per_phase", options.submissions());
        settings.put("rounds", options.rounds());
        settings.put("clients", options.clients());
        settings.put("warmup_per_variant_and_round", options.warmup());
        settings.put("max_warmup_rounds", options.maxWarmupRounds());
        settings.put("document", options.sample());
        settings.put("document_bytes", document.length);
        settings.put("broker", options.bootstrapServers() == null ? "reviewflow broker, its own JVM, fresh data dir"
                : options.bootstrapServers());
        settings.put("gateway", "reviewflow gateway, its own JVM (java -jar reviewflow.jar gateway), --rate-limit "
                + GatewayProcess.UNTHROTTLED + " --rate-burst " + GatewayProcess.UNTHROTTLED + ", one writer token per client");
        settings.put("direct", "SubmissionProducer (as reviewflow submit): idempotent, acks=all, linger.ms=5; one producer shared"
                + " by the client threads, each waiting for its ack");
        settings.put("http", "java.net.http.HttpClient, HTTP/1.1 keep-alive, one client shared by the client threads,"
                + " each waiting for its 202");
        return settings;
    }

    /** The warm-up, then the timed rounds; each client count's two variants back to back, the order rotating. */
    private void measure(String bootstrap) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try (SubmissionProducer producer = SubmissionProducer.create(KafkaSettings.of(bootstrap), Duration.ofSeconds(10))) {
            warmUp(producer, http);
            for (int round = 1; round <= options.rounds(); round++) {
                List<Integer> levels = new ArrayList<>(options.clients());
                Collections.rotate(levels, -(round - 1));
                List<String> variants = round % 2 == 1 ? List.of(SubmissionPhase.DIRECT, SubmissionPhase.GATEWAY)
                        : List.of(SubmissionPhase.GATEWAY, SubmissionPhase.DIRECT);
                for (int clients : levels) {
                    for (String variant : variants) {
                        phase(variant, clients, round, options.submissions(), producer, http);
                    }
                }
            }
        }
    }

    /**
     * Untimed rounds of both variants at the highest client count (the quickest way through the same
     * code), until the gateway JVM's CPU per submission changes by less than a tenth from one round
     * to the next. It falls while the gateway's JIT is still compiling: on a busy two-core machine the
     * compiler gets little CPU, and a fixed warm-up left the first timed rounds measuring a cold gateway.
     */
    private void warmUp(SubmissionProducer producer, HttpClient http) throws InterruptedException {
        if (options.warmup() == 0) {
            return;
        }
        int clients = Collections.max(options.clients());
        double previous = Double.NaN;
        for (int round = 1; round <= options.maxWarmupRounds(); round++) {
            phase(SubmissionPhase.DIRECT, clients, -round, options.warmup(), producer, http);
            SubmissionPhase gateway = phase(SubmissionPhase.GATEWAY, clients, -round, options.warmup(), producer, http);
            double cpu = gateway.millisPerSubmission(gateway.gatewayCpuSeconds());
            System.err.printf(java.util.Locale.ROOT, "bench gateway: warm-up round %d: the gateway JVM used %.3f ms of CPU per submission%n",
                    round, cpu);
            if (Math.abs(cpu - previous) < SETTLED_CHANGE * previous) {
                return;
            }
            previous = cpu;
        }
    }

    private SubmissionPhase phase(String variant, int clients, int round, int count, SubmissionProducer producer, HttpClient http)
            throws InterruptedException {
        String prefix = "gwb-" + runId + "-" + variant + "-c" + clients + "-" + (round < 0 ? "w" + -round : "r" + round) + "-";
        ClosedLoop.Request request = variant.equals(SubmissionPhase.DIRECT)
                ? (client, i) -> producer.send(direct(prefix + i, client)).get(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                : (client, i) -> throughGateway(http, prefix + i, client);
        String label = variant + " x" + clients + (round < 0 ? " warm-up " + -round : " round " + round);
        double load = MachineInfo.loadAverage();
        double gatewayCpu = gateway.jvm().cpuSeconds();
        double brokerCpu = broker == null ? Double.NaN : broker.jvm().cpuSeconds();
        CpuAccount bench = CpuAccount.now();
        ClosedLoop.Outcome outcome = ClosedLoop.run(label, count, clients, request);
        SubmissionPhase measured = SubmissionPhase.of(variant, clients, round, count, outcome, gateway.jvm().cpuSeconds() - gatewayCpu,
                broker == null ? Double.NaN : broker.jvm().cpuSeconds() - brokerCpu,
                CpuAccount.now().since(bench).get("process"), load);
        phases.add(measured);
        prefixes.add(prefix);
        return measured;
    }

    /** The envelope reviewflow submit sends, sent with the same producer class. */
    private ReviewSubmission direct(String reviewId, int client) {
        return ReviewSubmission.newBuilder()
                .setSubmissionId(UUID.randomUUID().toString())
                .setReviewId(reviewId)
                .setWriterId(GatewayProcess.writerId(client))
                .setAction(ReviewAction.SUBMIT)
                .setRevision(1)
                .setFormat(format)
                .setDocument(ByteBuffer.wrap(document))
                .setSource("bench-direct")
                .setSubmittedAt(Instant.now())
                .build();
    }

    private void throughGateway(HttpClient http, String reviewId, int client) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(gateway.reviewUri(reviewId))
                .timeout(ANSWER_TIMEOUT)
                .header("Authorization", "Bearer " + gateway.token(client))
                .header("Idempotency-Key", reviewId)
                .header("Content-Type", contentType(format))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(document))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("HTTP " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static String contentType(DocumentFormat format) {
        return switch (format) {
            case TEXT -> "text/plain; charset=utf-8";
            case MARKDOWN -> "text/markdown; charset=utf-8";
            case JSON -> "application/json";
        };
    }

    /** Counts each phase's records on the topic, and their distinct submission ids. */
    private void verify(String bootstrap) {
        Map<String, Integer> arrived = new HashMap<>();
        Map<String, Set<String>> ids = new HashMap<>();
        // To the topic's end, read_committed; readAll's 30 s can be too short for a large run on a busy machine.
        List<TopicReader.Read<ReviewSubmission>> records = TopicReader.readUntil(KafkaSettings.of(bootstrap), Topics.SUBMITTED,
                all -> true, Duration.ofMinutes(5));
        for (TopicReader.Read<ReviewSubmission> read : records) {
            String reviewId = read.key();
            if (reviewId == null || !reviewId.startsWith("gwb-" + runId + "-")) {
                continue; // another run's, on a shared broker
            }
            String prefix = reviewId.substring(0, reviewId.lastIndexOf('-') + 1);
            arrived.merge(prefix, 1, Integer::sum);
            ids.computeIfAbsent(prefix, p -> new HashSet<>()).add(read.value().getSubmissionId().toString());
        }
        for (int i = 0; i < phases.size(); i++) {
            String prefix = prefixes.get(i);
            phases.set(i, phases.get(i).withArrived(arrived.getOrDefault(prefix, 0), ids.getOrDefault(prefix, Set.of()).size()));
        }
    }
}
