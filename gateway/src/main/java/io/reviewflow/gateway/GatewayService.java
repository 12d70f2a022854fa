package io.reviewflow.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.reviewflow.contract.SubmissionProducer;
import io.reviewflow.contract.Topics;
import io.reviewflow.runtime.HostedService;
import io.reviewflow.runtime.KafkaSettings;
import io.reviewflow.runtime.ServiceMain;
import io.reviewflow.runtime.TopicSpec;
import io.reviewflow.runtime.ops.StageHealth;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reviewflow gateway}: the writers' HTTP API in front of {@code reviews.submitted}, for
 * content systems without a Kafka client. It runs on the services' shared command line
 * ({@link ServiceMain}: settings, logs, {@code /metrics} and {@code /health} on {@code http-port}),
 * and serves the API on its own Jetty connector ({@code api-address}, {@code api-port}, optionally TLS).
 */
public final class GatewayService implements HostedService {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayService.class);
    /** Above the longest long poll, so an idle connection outlives a waiting request. */
    private static final long IDLE_TIMEOUT_MS = 60_000;

    private final GatewaySettings settings;
    private final SubmissionProducer producer;
    private final OutcomeView outcomes;
    private final Server server;
    private final ServerConnector connector;
    private final CompletableFuture<Void> termination = new CompletableFuture<>();

    private GatewayService(GatewaySettings settings, SubmissionProducer producer, OutcomeView outcomes, Server server,
                           ServerConnector connector) {
        this.settings = settings;
        this.producer = producer;
        this.outcomes = outcomes;
        this.server = server;
        this.connector = connector;
    }

    public static int run(String[] args) {
        return ServiceMain.runHosted("gateway", args, GatewaySettings.OPTIONS,
                (stage, options, metrics) -> create(stage.kafka(), GatewaySettings.parse(options), metrics), System.err, System.getenv());
    }

    /** The gateway, not yet listening; {@link #start()} binds the API and starts reading outcomes. */
    public static GatewayService create(KafkaSettings kafka, GatewaySettings settings, MeterRegistry metrics) {
        WriterTokens tokens = WriterTokens.load(settings.tokens());
        OutcomeView outcomes = new OutcomeView(kafka, settings.maxOutcomes());
        SubmissionProducer producer = SubmissionProducer.create(kafka, settings.sendTimeout());
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("reviewflow-gateway-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = settings.tls()
                .map(tls -> new ServerConnector(server, new SslConnectionFactory(sslContext(tls), HttpVersion.HTTP_1_1.asString()),
                        new HttpConnectionFactory(http)))
                .orElseGet(() -> new ServerConnector(server, new HttpConnectionFactory(http)));
        connector.setHost(settings.apiAddress());
        connector.setPort(settings.apiPort());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        ApiHandler api = new ApiHandler(settings, tokens, new TokenBuckets(settings.ratePerSecond(), settings.rateBurst(), System::nanoTime),
                producer, outcomes, new GatewayMetrics(metrics, outcomes), Clock.systemUTC());
        api.answerOn(threads);
        server.setHandler(api);
        return new GatewayService(settings, producer, outcomes, server, connector);
    }

    private static SslContextFactory.Server sslContext(GatewaySettings.Tls tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keystore().toString());
        ssl.setKeyStorePassword(tls.password());
        ssl.setKeyStoreType(tls.keystore().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
        return ssl;
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public synchronized void start() {
        outcomes.start();
        try {
            server.start();
        } catch (Exception e) {
            outcomes.close();
            termination.completeExceptionally(e);
            throw new IllegalStateException("cannot serve the API on " + settings.apiAddress() + ":" + settings.apiPort()
                    + ": " + e.getMessage(), e);
        }
        LOG.info("gateway: writers' API at {}", baseUri());
    }

    @Override
    public synchronized void stop() {
        if (termination.isDone()) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("gateway: stopping the API: {}", e.toString());
        }
        outcomes.close();
        producer.close();
        termination.complete(null);
    }

    @Override
    public CompletableFuture<Void> termination() {
        return termination;
    }

    @Override
    public StageHealth.Status liveness() {
        if (termination.isDone()) {
            return new StageHealth.Status(false, "stopped");
        }
        if (server.isStarted() && !outcomes.isAlive()) {
            return new StageHealth.Status(false, "the outcome view stopped");
        }
        return new StageHealth.Status(true, "");
    }

    @Override
    public StageHealth.Status readiness() {
        StageHealth.Status live = liveness();
        if (!live.ok()) {
            return live;
        }
        if (!server.isStarted()) {
            return new StageHealth.Status(false, "starting");
        }
        return outcomes.readiness();
    }

    @Override
    public String describe() {
        return "serving writers at " + baseUri();
    }

    /** The pipeline's topics, as every service creates them: the gateway may be the first to start. */
    @Override
    public List<TopicSpec<?>> topics() {
        return Topics.ALL;
    }

    /** Where the API answers, with the actual port once started: {@code https://127.0.0.1:8443}. */
    public String baseUri() {
        String host = settings.apiAddress().contains(":") ? "[" + settings.apiAddress() + "]" : settings.apiAddress();
        return (settings.tls().isPresent() ? "https" : "http") + "://" + host + ":" + connector.getLocalPort();
    }

    /** The bound API address, with the actual port when 0 was asked for. */
    public InetSocketAddress apiAddress() {
        return new InetSocketAddress(settings.apiAddress(), connector.getLocalPort());
    }
}
