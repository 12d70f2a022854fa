package io.reviewflow.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reviewflow.avro.DocumentFormat;
import io.reviewflow.avro.ReviewAction;
import io.reviewflow.avro.ReviewSubmission;
import io.reviewflow.contract.SubmissionProducer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writers' API (see {@code openapi.json} beside this class):
 * <ul>
 *   <li>{@code PUT /v1/reviews/{reviewId}}: submit (revision 1) or revise (higher) a document;</li>
 *   <li>{@code DELETE /v1/reviews/{reviewId}}: retract the review;</li>
 *   <li>{@code GET /v1/submissions/{id}}: pending, or how it ended; {@code ?wait=SECONDS} long-polls;</li>
 *   <li>{@code GET /v1/openapi.json}: the description of all this.</li>
 * </ul>
 * Every route but the last needs a writer's bearer token. Answers to a submission come only
 * once Kafka has acknowledged it (202), or say it was not (503 with {@code Retry-After}); both
 * are asynchronous, so a slow broker or a long poll holds no server thread.
 */
final class ApiHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Pattern REVIEW_PATH = Pattern.compile("/v1/reviews/([^/]*)");
    static final Pattern SUBMISSION_PATH = Pattern.compile("/v1/submissions/([^/]*)");
    static final String OPENAPI_PATH = "/v1/openapi.json";
    /** As review ids are on the topics: URL-safe, and short enough to be a record key and a file name. */
    static final Pattern REVIEW_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    static final Pattern SUBMISSION_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Printable ASCII, as clients generate them (UUIDs, hashes). */
    static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    static final int MAX_WAIT_SECONDS = 30;
    static final long RETRY_AFTER_SECONDS = 5;
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH", "OPTIONS");

    private final GatewaySettings settings;
    private final WriterTokens tokens;
    private final TokenBuckets buckets;
    private final SubmissionProducer producer;
    private final OutcomeView outcomes;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final byte[] openApi;
    private volatile Executor executor = Runnable::run;

    ApiHandler(GatewaySettings settings, WriterTokens tokens, TokenBuckets buckets, SubmissionProducer producer,
               OutcomeView outcomes, GatewayMetrics metrics, Clock clock) {
        this.settings = settings;
        this.tokens = tokens;
        this.buckets = buckets;
        this.producer = producer;
        this.outcomes = outcomes;
        this.metrics = metrics;
        this.clock = clock;
        this.openApi = openApiDocument();
    }

    /** Where asynchronous answers are written: the server's own threads, never Kafka's I/O thread. */
    void answerOn(Executor executor) {
        this.executor = executor;
    }

    /** One request: where it goes, what it asks, and the answer it gets, counted by route and status. */
    private final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final long start = System.nanoTime();
        String route = "unmatched";
        /** The request's body was read to its end, so the connection is ready for the client's next request. */
        boolean bodyRead;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        String method() {
            return METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";
        }

        void json(int status, Object body) {
            send(status, "application/json", bytes(body), 0);
        }

        void problem(Problem problem) {
            if (problem.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"reviewflow\"");
            }
            if (!bodyRead && request.getLength() != 0) {
                // Refused before its body was read: the server drops the connection rather than read an
                // unbounded body, so the client must be told not to send its next request on it.
                response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            send(problem.status(), Problem.MEDIA_TYPE, bytes(problem.body()), problem.retryAfterSeconds());
        }

        void send(int status, String contentType, byte[] body, long retryAfterSeconds) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            if (retryAfterSeconds > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(retryAfterSeconds));
            }
            metrics.record(route, method(), status, start);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange exchange = new Exchange(request, response, callback);
        try {
            route(exchange);
        } catch (RuntimeException e) {
            LOG.error("gateway: {} {} failed", request.getMethod(), exchange.route, e);
            exchange.problem(Problem.of(500, "internal", "Internal error", "the gateway failed on this request; it is logged"));
        }
        return true;
    }

    private void route(Exchange exchange) {
        String path = exchange.request.getHttpURI().getPath();
        String method = exchange.request.getMethod();
        Matcher review = REVIEW_PATH.matcher(path);
        Matcher submission = SUBMISSION_PATH.matcher(path);
        if (path.equals(OPENAPI_PATH)) {
            exchange.route = "openapi";
            if (allowed(exchange, "GET")) {
                exchange.send(200, "application/json", openApi, 0);
            }
        } else if (review.matches()) {
            exchange.route = "reviews";
            if (allowed(exchange, "PUT", "DELETE")) {
                authenticated(exchange).ifPresent(writer -> {
                    if (method.equals("PUT")) {
                        submit(exchange, writer, review.group(1));
                    } else {
                        retract(exchange, writer, review.group(1));
                    }
                });
            }
        } else if (submission.matches()) {
            exchange.route = "submissions";
            if (allowed(exchange, "GET")) {
                authenticated(exchange).ifPresent(writer -> outcome(exchange, writer, submission.group(1)));
            }
        } else {
            exchange.problem(Problem.of(404, "not-found", "Not found", "no such resource; the API is described at " + OPENAPI_PATH));
        }
    }

    private static boolean allowed(Exchange exchange, String... methods) {
        if (Arrays.asList(methods).contains(exchange.request.getMethod())) {
            return true;
        }
        exchange.response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", methods));
        exchange.problem(Problem.of(405, "method-not-allowed", "Method not allowed",
                "this resource answers " + String.join(", ", methods)));
        return false;
    }

    /** The writer of the request's bearer token, after its rate limit; empty once a 401 or 429 is sent. */
    private Optional<String> authenticated(Exchange exchange) {
        String authorization = exchange.request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            exchange.problem(Problem.unauthorized("send Authorization: Bearer TOKEN"));
            return Optional.empty();
        }
        Optional<String> writer = tokens.writerOf(authorization.substring(7).strip());
        if (writer.isEmpty()) {
            exchange.problem(Problem.unauthorized("the bearer token is not one of this gateway's"));
            return writer;
        }
        long wait = buckets.take(writer.get());
        if (wait > 0) {
            exchange.problem(Problem.of(429, "rate-limited", "Too many requests",
                    "this writer's request rate is over the gateway's limit; retry after " + wait + " s").retryAfter(wait));
            return Optional.empty();
        }
        return writer;
    }

    private void submit(Exchange exchange, String writer, String reviewId) {
        Optional<String> key = idempotencyKey(exchange);
        Optional<Integer> revision = key.isEmpty() ? Optional.empty() : revision(exchange);
        if (revision.isEmpty() || !validReviewId(exchange, reviewId)) {
            return;
        }
        String contentType = exchange.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        Optional<DocumentFormat> format = GatewaySubmissions.formatOf(contentType);
        if (format.isEmpty()) {
            exchange.problem(Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the document as one of " + String.join(", ", GatewaySubmissions.FORMATS.keySet().stream().sorted().toList())));
            return;
        }
        Optional<byte[]> document = body(exchange);
        if (document.isEmpty()) {
            return;
        }
        int number = revision.get();
        send(exchange, GatewaySubmissions.of(GatewaySubmissions.submissionId(writer, reviewId, "PUT", key.get()), reviewId, writer,
                GatewaySubmissions.actionOf(number), number, format.get(), document.get(), clock.instant()));
    }

    private void retract(Exchange exchange, String writer, String reviewId) {
        Optional<String> key = idempotencyKey(exchange);
        if (key.isEmpty() || !validReviewId(exchange, reviewId)) {
            return;
        }
        send(exchange, GatewaySubmissions.of(GatewaySubmissions.submissionId(writer, reviewId, "DELETE", key.get()), reviewId, writer,
                ReviewAction.RETRACT, 1, null, new byte[0], clock.instant()));
    }

    /** 202 once the broker has the record; 503 when it may not, so the writer retries with the same key. */
    private void send(Exchange exchange, ReviewSubmission submission) {
        String id = submission.getSubmissionId();
        producer.send(submission).whenCompleteAsync((metadata, error) -> {
            if (error == null) {
                exchange.response.getHeaders().put(HttpHeader.LOCATION, "/v1/submissions/" + id);
                exchange.json(202, Map.of("submissionId", id, "reviewId", submission.getReviewId(),
                        "action", submission.getAction().name(), "revision", submission.getRevision(),
                        "status", "accepted", "outcome", "/v1/submissions/" + id));
            } else {
                Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                LOG.warn("gateway: Kafka did not acknowledge submission {} of review {}: {}", id, submission.getReviewId(), cause.toString());
                exchange.problem(Problem.of(503, "kafka-unavailable", "Service unavailable",
                        "the pipeline did not acknowledge the submission in time; retry with the same Idempotency-Key")
                        .retryAfter(RETRY_AFTER_SECONDS));
            }
        }, executor);
    }

    private void outcome(Exchange exchange, String writer, String id) {
        if (!SUBMISSION_ID.matcher(id).matches()) {
            exchange.problem(Problem.badRequest("a submission id is a lower-case UUID, as a 202 answer gives it"));
            return;
        }
        Optional<Integer> wait = query(exchange, "wait", null, 0, MAX_WAIT_SECONDS);
        if (wait.isEmpty()) {
            return;
        }
        CompletableFuture<Optional<Outcome>> known = outcomes.await(id, Duration.ofSeconds(wait.get()));
        known.whenCompleteAsync((outcome, error) -> {
            if (outcome == null || outcome.isEmpty()) {
                exchange.json(200, Outcome.pending(id));
            } else if (!outcome.get().writerId().equals(writer)) {
                exchange.problem(Problem.of(403, "forbidden", "Forbidden", "this submission belongs to another writer"));
            } else {
                exchange.json(200, outcome.get().body());
            }
        }, executor);
    }

    private static Optional<String> idempotencyKey(Exchange exchange) {
        String key = exchange.request.getHeaders().get("Idempotency-Key");
        if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
            exchange.problem(Problem.badRequest("send an Idempotency-Key header of 1 to 200 printable ASCII characters"
                    + " (a fresh UUID per document, the same one on every retry)"));
            return Optional.empty();
        }
        return Optional.of(key);
    }

    private static boolean validReviewId(Exchange exchange, String reviewId) {
        if (REVIEW_ID.matcher(reviewId).matches()) {
            return true;
        }
        exchange.problem(Problem.badRequest("a review id is 1 to 128 of A-Z a-z 0-9 . _ ~ -"));
        return false;
    }

    /** From {@code ?revision=N} or {@code Review-Revision: N} (the same number if both); 1 when neither. */
    private static Optional<Integer> revision(Exchange exchange) {
        String header = exchange.request.getHeaders().get("Review-Revision");
        Optional<Integer> fromQuery = query(exchange, "revision", header, 1, Integer.MAX_VALUE);
        if (fromQuery.isEmpty()) {
            return fromQuery;
        }
        if (header != null && !header.strip().equals(fromQuery.get().toString())) {
            exchange.problem(Problem.badRequest("Review-Revision and ?revision disagree, or the revision is not a whole number from 1"));
            return Optional.empty();
        }
        return fromQuery;
    }

    /** A whole-number query parameter within bounds, {@code fallback} (parsed the same way) when absent. */
    private static Optional<Integer> query(Exchange exchange, String name, String fallback, int min, int max) {
        Fields fields = Request.extractQueryParameters(exchange.request);
        String value = fields.getValue(name);
        String given = value != null ? value : fallback != null ? fallback : Integer.toString(min);
        try {
            int number = Integer.parseInt(given.strip());
            if (number >= min && number <= max) {
                return Optional.of(number);
            }
        } catch (NumberFormatException e) {
            // Answered below.
        }
        exchange.problem(Problem.badRequest(name + " must be a whole number from " + min + " to " + max));
        return Optional.empty();
    }

    /** The body, read up to the document limit and never further; empty once a 413 is sent. */
    private Optional<byte[]> body(Exchange exchange) {
        int limit = settings.maxDocumentBytes();
        Problem tooLarge = Problem.of(413, "document-too-large", "Content too large",
                "a document may have at most " + limit + " bytes");
        if (exchange.request.getLength() > limit) {
            exchange.problem(tooLarge);
            return Optional.empty();
        }
        try (InputStream in = Content.Source.asInputStream(exchange.request)) {
            byte[] read = in.readNBytes(limit + 1);
            if (read.length > limit) {
                exchange.problem(tooLarge);
                return Optional.empty();
            }
            exchange.bodyRead = true;
            return Optional.of(read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON answer", e);
        }
    }

    private static byte[] openApiDocument() {
        try (InputStream in = ApiHandler.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
