package io.reviewflow.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.reviewflow.avro.PublishedReview;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.contract.Topics;
import io.reviewflow.gateway.GatewayService;
import io.reviewflow.gateway.GatewaySettings;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.testkit.LocalhostCertificate;
import io.reviewflow.testkit.Samples;
import io.reviewflow.testkit.TestKafka;
import io.reviewflow.testkit.TopicReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway through its real command line, in front of the real pipeline on the test broker,
 * spoken to with the JDK's HTTP client. Every answer is recorded by route template, method and
 * status, and the last test holds that record against the OpenAPI document the gateway serves.
 *
 * <p>Each check was seen to fail on a deliberately broken gateway before it passed: a random
 * submission id (the retry got another id); 202 without waiting for the send (the broker-away PUT
 * answered 202); a bucket that never empties (no 429); no owner check (bob read alice's outcome);
 * an unbounded read with no length check (413 became 202); retractions left out of the outcome view
 * (pending, not retracted); the TLS setting ignored (the HTTPS client met plaintext); no
 * {@code WWW-Authenticate} on 401. The coverage test failed on the first openapi.json, which listed
 * 405 under operations that never answer it, and fails whenever another check stops reaching a status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ALICE = "alice-token-" + UUID.randomUUID();
    private static final String BOB = "bob-token-" + UUID.randomUUID();
    private static final String CAROL = "carol-token-" + UUID.randomUUID();
    /** route template, method, status: every answer the tests saw. */
    private static final Set<String> SEEN = new ConcurrentSkipListSet<>();

    @TempDir
    static Path dir;
    private static PipelineFixture pipeline;
    private static ServiceCommand gateway;
    private static String api;

    @BeforeAll
    static void start() throws IOException {
        pipeline = new PipelineFixture("gateway-it");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "# writer:sha256 of the token\n" + line("alice", ALICE) + line("bob", BOB) + line("carol", CAROL));
        int apiPort = EmbeddedKafkaBroker.freePort();
        // Burst 60 at one request per 5 s: the tests' own traffic stays under it, carol's flood does not.
        gateway = ServiceCommand.start("gateway", GatewayService::run, "--bootstrap-server", TestKafka.bootstrapServers(),
                "--instance-id", "gateway-it", "--tokens", tokens.toString(), "--api-port", Integer.toString(apiPort),
                "--rate-limit", "0.2", "--rate-burst", "60");
        api = "http://127.0.0.1:" + apiPort;
        gateway.await("/health/ready", r -> r.statusCode() == 200, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aSubmissionIsAcceptedOnceAndEndsPublishedAndARetryChangesNothing() throws Exception {
        // Given a document of alice's and an idempotency key
        String reviewId = "gw-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        byte[] document = Samples.bytes("the-perfection.txt");

        // When she submits it, and retries as if the first answer had been lost
        HttpResponse<String> first = put(api, reviewId, ALICE, key, "text/plain; charset=utf-8", document, "");
        HttpResponse<String> retry = put(api, reviewId, ALICE, key, "text/plain", document, "");

        // Then both are 202 with the same submission id, and the outcome is published with score, verdict and slug
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, retry.statusCode(), retry.body());
        String id = json(first).get("submissionId").asText();
        assertEquals(id, json(retry).get("submissionId").asText());
        assertEquals("SUBMIT", json(first).get("action").asText());
        assertEquals("/v1/submissions/" + id, first.headers().firstValue("Location").orElseThrow());
        JsonNode outcome = json(get(api, "/v1/submissions/" + id + "?wait=30", ALICE));
        assertEquals("published", outcome.get("status").asText(), outcome.toString());
        assertEquals(60, outcome.get("score").asInt());
        assertEquals("CHILLIN", outcome.get("verdict").asText());
        assertTrue(outcome.get("slug").asText().startsWith("the-perfection-"), outcome.toString());

        // And a revision (header this time) after the retry publishes once more: exactly two events, so the retry made none
        HttpResponse<String> revised = put(api, reviewId, ALICE, UUID.randomUUID().toString(), "text/plain", document, "2");
        assertEquals(202, revised.statusCode(), revised.body());
        assertEquals("REVISE", json(revised).get("action").asText());
        JsonNode second = json(get(api, "/v1/submissions/" + json(revised).get("submissionId").asText() + "?wait=30", ALICE));
        assertEquals("published", second.get("status").asText(), second.toString());
        assertEquals(2, second.get("revision").asInt());
        assertEquals(2, pipeline.publishedFor(reviewId, 2).size());
        assertEquals(2, TopicReader.readAll(TestKafka.bootstrapServers(), Topics.PUBLISHED).stream()
                .filter(r -> reviewId.equals(r.key())).count());

        // And a retraction ends retracted, with a tombstone on reviews.published
        HttpResponse<String> retracted = send(HttpRequest.newBuilder(URI.create(api + "/v1/reviews/" + reviewId)).DELETE()
                .header("Authorization", "Bearer " + ALICE).header("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(202, retracted.statusCode(), retracted.body());
        assertEquals("RETRACT", json(retracted).get("action").asText());
        JsonNode gone = json(get(api, "/v1/submissions/" + json(retracted).get("submissionId").asText() + "?wait=30", ALICE));
        assertEquals("retracted", gone.get("status").asText(), gone.toString());
        PublishedReview tombstone = pipeline.publishedFor(reviewId, 3).get(2);
        assertEquals(null, tombstone);
    }

    @Test
    @Order(2)
    void aDocumentThatCannotBeAReviewEndsRejectedWithItsReason() throws Exception {
        // Given a text document without a score, its revision given as a query parameter
        String reviewId = "gw-" + UUID.randomUUID();
        HttpResponse<String> accepted = put(api, reviewId + "?revision=1", ALICE, UUID.randomUUID().toString(), "text/plain",
                Samples.bytes("missing-score.txt"), "");
        assertEquals(202, accepted.statusCode(), accepted.body());

        // When the outcome is read, then it is the rejection, with reason, message and stage
        JsonNode outcome = json(get(api, "/v1/submissions/" + json(accepted).get("submissionId").asText() + "?wait=30", ALICE));
        assertEquals("rejected", outcome.get("status").asText(), outcome.toString());
        assertEquals("MISSING_SCORE", outcome.get("reason").asText());
        assertFalse(outcome.get("message").asText().isBlank());
        assertTrue(outcome.has("line"), outcome.toString());

        // And a Markdown document is declared as Markdown and published
        HttpResponse<String> markdown = put(api, "gw-" + UUID.randomUUID(), ALICE, UUID.randomUUID().toString(), "text/markdown",
                Samples.bytes("night-ferry.md"), "");
        JsonNode published = json(get(api, "/v1/submissions/" + json(markdown).get("submissionId").asText() + "?wait=30", ALICE));
        assertEquals("published", published.get("status").asText(), published.toString());
    }

    @Test
    @Order(3)
    void everyRefusalIsAProblemDocumentWithItsStatus() throws Exception {
        String reviewId = "gw-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        byte[] document = Samples.bytes("the-perfection.txt");
        String pending = "/v1/submissions/" + UUID.randomUUID();

        // 401: no token, or one the gateway does not know, on every route; the challenge names Bearer
        for (String token : new String[] {null, "not-a-token"}) {
            HttpResponse<String> refusedWithBody = put(api, reviewId, token, key, "text/plain", document, "");
            assertProblem(401, refusedWithBody);
            // Its body unread, the server drops the connection: the client must not send the next request on it.
            assertEquals("close", refusedWithBody.headers().firstValue("Connection").orElse(""));
            assertProblem(401, delete(api, reviewId, token, key));
            HttpResponse<String> unauthorised = get(api, pending, token);
            assertProblem(401, unauthorised);
            assertEquals("Bearer realm=\"reviewflow\"", unauthorised.headers().firstValue("WWW-Authenticate").orElseThrow());
        }
        // 403: bob cannot read alice's submission
        HttpResponse<String> alices = put(api, reviewId, ALICE, key, "text/plain", document, "");
        String path = "/v1/submissions/" + json(alices).get("submissionId").asText();
        assertEquals("published", json(get(api, path + "?wait=30", ALICE)).get("status").asText());
        assertProblem(403, get(api, path, BOB));
        // 413: a body over 256 KiB, with and without a Content-Length
        assertProblem(413, put(api, reviewId, ALICE, UUID.randomUUID().toString(), "text/plain", new byte[300 * 1024], ""));
        HttpResponse<String> streamed = send(HttpRequest.newBuilder(URI.create(api + "/v1/reviews/" + reviewId))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[300 * 1024])))
                .header("Authorization", "Bearer " + ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "text/plain"));
        assertProblem(413, streamed);
        // 415: a type the pipeline does not read
        assertProblem(415, put(api, reviewId, ALICE, UUID.randomUUID().toString(), "text/html", document, ""));
        // 400: bad revision, review id, key, submission id, wait
        assertProblem(400, put(api, reviewId + "?revision=0", ALICE, key, "text/plain", document, ""));
        assertProblem(400, put(api, reviewId + "?revision=2", ALICE, key, "text/plain", document, "3"));
        assertProblem(400, put(api, "bad%20id", ALICE, key, "text/plain", document, ""));
        assertProblem(400, put(api, reviewId, ALICE, null, "text/plain", document, ""));
        assertProblem(400, delete(api, reviewId, ALICE, null));
        assertProblem(400, get(api, "/v1/submissions/not-a-uuid", ALICE));
        assertProblem(400, get(api, pending + "?wait=31", ALICE));
        // 404 and 405
        assertProblem(404, get(api, "/v2/anything", ALICE));
        for (String route : new String[] {"/v1/reviews/" + reviewId, pending, "/v1/openapi.json"}) {
            assertProblem(405, send(HttpRequest.newBuilder(URI.create(api + route)).POST(HttpRequest.BodyPublishers.noBody())
                    .header("Authorization", "Bearer " + ALICE)));
        }
        // An unknown submission id is pending, not an error
        assertEquals("pending", json(get(api, pending, ALICE)).get("status").asText());
    }

    @Test
    @Order(4)
    void aWriterOverTheRateLimitIsToldWhenToComeBack() throws Exception {
        // Given carol empties her bucket
        String pending = "/v1/submissions/" + UUID.randomUUID();
        HttpResponse<String> last = get(api, pending, CAROL);
        for (int i = 0; i < 100 && last.statusCode() == 200; i++) {
            last = get(api, pending, CAROL);
        }
        // Then every route answers 429 with Retry-After, and the other writers are not held up
        assertProblem(429, last);
        assertProblem(429, put(api, "gw-" + UUID.randomUUID(), CAROL, "k", "text/plain", new byte[1], ""));
        HttpResponse<String> retract = delete(api, "gw-" + UUID.randomUUID(), CAROL, "k");
        assertProblem(429, retract);
        assertTrue(Long.parseLong(retract.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertEquals(200, get(api, pending, BOB).statusCode());
    }

    @Test
    @Order(5)
    void aBrokerThatIsAwayGets503WithRetryAfterNever202() throws Exception {
        // Given a gateway whose Kafka does not answer (a port with no broker)
        Path tokens = dir.resolve("tokens");
        try (GatewayService away = GatewayService.create(KafkaSettings.of("127.0.0.1:" + EmbeddedKafkaBroker.freePort()),
                settings(tokens, Optional.empty(), 1), new SimpleMeterRegistry())) {
            away.start();
            String base = away.baseUri();
            // When alice submits and retracts, then each answer is 503 with Retry-After, within the send timeout and a margin
            long start = System.nanoTime();
            HttpResponse<String> submit = put(base, "gw-away", ALICE, "k", "text/plain", Samples.bytes("the-perfection.txt"), "");
            assertProblem(503, submit);
            assertEquals("5", submit.headers().firstValue("Retry-After").orElseThrow());
            assertProblem(503, delete(base, "gw-away", ALICE, "k"));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
            // And it is live but not ready
            assertTrue(away.liveness().ok());
            assertFalse(away.readiness().ok());
        }
    }

    @Test
    @Order(6)
    void theApiSpeaksTlsWithTheConfiguredKey() throws Exception {
        // Given a gateway with a self-signed certificate for 127.0.0.1
        LocalhostCertificate certificate = LocalhostCertificate.create(dir);
        try (GatewayService tls = GatewayService.create(KafkaSettings.of(TestKafka.bootstrapServers()),
                settings(dir.resolve("tokens"), Optional.of(new GatewaySettings.Tls(certificate.keystore(), certificate.password())), 3),
                new SimpleMeterRegistry())) {
            tls.start();
            assertTrue(tls.baseUri().startsWith("https://"), tls.baseUri());
            // When a client that trusts it submits over HTTPS, then the gateway accepts
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(certificate)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(URI.create(tls.baseUri() + "/v1/reviews/gw-" + UUID.randomUUID()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(Samples.bytes("the-perfection.txt")))
                    .header("Authorization", "Bearer " + ALICE).header("Idempotency-Key", "tls").header("Content-Type", "text/plain")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, accepted.statusCode(), accepted.body());
            // And plain HTTP on that port gets no answer
            assertThrowsIo(() -> HTTP.send(HttpRequest.newBuilder(URI.create(tls.baseUri().replace("https", "http") + "/v1/openapi.json"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    @Test
    @Order(7)
    void operatorsSeeRequestsByRouteAndStatusAndAReadyGateway() {
        String metrics = gateway.get("/metrics").body();
        assertTrue(metrics.contains("reviewflow_gateway_requests_seconds_count{method=\"PUT\",route=\"reviews\",stage=\"gateway\",status=\"202\"}"),
                metrics.lines().filter(l -> l.contains("gateway_requests_seconds_count")).toList().toString());
        assertTrue(metrics.contains("reviewflow_ready{stage=\"gateway\"} 1"), metrics);
        assertEquals(200, gateway.get("/health/live").statusCode());
        assertEquals(200, gateway.get("/health/ready").statusCode());
    }

    @Test
    @Order(8)
    void theOpenApiDocumentDescribesExactlyTheAnswersTheTestsSaw() throws Exception {
        // Given the document the gateway serves (no token needed)
        HttpResponse<String> response = get(api, "/v1/openapi.json", null);
        assertEquals(200, response.statusCode());
        JsonNode doc = JSON.readTree(response.body());
        assertEquals("3", doc.get("openapi").asText().substring(0, 1));
        Set<String> documented = new TreeSet<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation ->
                operation.getValue().get("responses").fieldNames().forEachRemaining(status ->
                        documented.add(path.getKey() + " " + operation.getKey().toUpperCase() + " " + status))));

        // Then every answer seen is documented, except 405 for a method a path does not list and 404 for a path
        // the document does not have (as its description says), and every documented answer was seen
        Set<String> operations = new TreeSet<>();
        documented.forEach(answer -> operations.add(answer.substring(0, answer.lastIndexOf(' '))));
        Set<String> undocumented = new TreeSet<>(SEEN);
        undocumented.removeAll(documented);
        undocumented.removeIf(answer -> {
            String operation = answer.substring(0, answer.lastIndexOf(' '));
            String path = operation.substring(0, operation.indexOf(' '));
            boolean knownPath = doc.get("paths").has(path);
            return !operations.contains(operation) && (knownPath ? answer.endsWith(" 405") : answer.endsWith(" 404"));
        });
        Set<String> unseen = new TreeSet<>(documented);
        unseen.removeAll(SEEN);
        assertEquals(Set.of(), undocumented, "answers the document does not list");
        assertEquals(Set.of(), unseen, "documented answers no test reached");
    }

    // --- helpers

    private static String line(String writer, String token) {
        return writer + ":" + HexFormat.of().formatHex(sha256(token)) + "\n";
    }

    private static byte[] sha256(String token) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static GatewaySettings settings(Path tokens, Optional<GatewaySettings.Tls> tls, int sendTimeoutSeconds) {
        return new GatewaySettings("127.0.0.1", 0, tokens, tls, GatewaySettings.DEFAULT_MAX_DOCUMENT_BYTES, 100, 100, 1000,
                Duration.ofSeconds(sendTimeoutSeconds));
    }

    private static HttpResponse<String> put(String base, String reviewIdAndQuery, String token, String key, String contentType,
                                            byte[] body, String revisionHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/reviews/" + reviewIdAndQuery))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        authorised(request, token, key);
        if (!revisionHeader.isEmpty()) {
            request.header("Review-Revision", revisionHeader);
        }
        return send(request);
    }

    private static HttpResponse<String> delete(String base, String reviewId, String token, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/v1/reviews/" + reviewId)).DELETE();
        authorised(request, token, key);
        return send(request);
    }

    private static HttpResponse<String> get(String base, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        authorised(request, token, null);
        return send(request);
    }

    private static void authorised(HttpRequest.Builder request, String token, String key) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(40)).build();
        HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        SEEN.add(template(built.uri().getPath()) + " " + built.method() + " " + response.statusCode());
        return response;
    }

    /** The OpenAPI path a request path falls under. */
    private static String template(String path) {
        if (path.startsWith("/v1/reviews/")) {
            return "/v1/reviews/{reviewId}";
        }
        if (path.startsWith("/v1/submissions/")) {
            return "/v1/submissions/{submissionId}";
        }
        return path;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void assertProblem(int status, HttpResponse<String> response) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = json(response);
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.get("type").asText().startsWith("urn:reviewflow:problem:"), problem.toString());
        assertFalse(problem.get("title").asText().isBlank());
        assertFalse(problem.get("detail").asText().isBlank());
        assertFalse(response.body().contains(ALICE) || response.body().contains(BOB) || response.body().contains(CAROL));
        if (status == 429 || status == 503) {
            assertTrue(response.headers().firstValue("Retry-After").isPresent(), "Retry-After on " + status);
        }
    }

    private static SSLContext trusting(LocalhostCertificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificate.truststore())) {
            trust.load(in, certificate.password().toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private interface IoCall {
        void run() throws Exception;
    }

    private static void assertThrowsIo(IoCall call) {
        try {
            call.run();
        } catch (IOException e) {
            return;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("plain HTTP was answered on the TLS port");
    }
}
