package io.reviewflow.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's own settings, parsed from the options {@link io.reviewflow.runtime.ServiceMain}
 * resolved (file, environment, flags). Every value is bounded: a typo must not open the gateway
 * to unbounded bodies, waits or memory.
 *
 * @param apiAddress       where the writers' API listens
 * @param apiPort          its port; 0 picks a free one
 * @param tokens           the writers' hashed tokens file
 * @param tls              the API's TLS key store, or empty for plain HTTP
 * @param maxDocumentBytes the largest document body accepted
 * @param ratePerSecond    requests per second a writer may make, sustained
 * @param rateBurst        requests a writer may make at once
 * @param maxOutcomes      outcomes held in memory for {@code GET /v1/submissions/{id}}
 * @param sendTimeout      how long a submission may wait for Kafka before the answer is 503
 */
public record GatewaySettings(String apiAddress, int apiPort, Path tokens, Optional<Tls> tls, int maxDocumentBytes,
                              double ratePerSecond, int rateBurst, int maxOutcomes, Duration sendTimeout) {

    /** A PKCS12 (or JKS) key store holding the API's key and certificate chain. */
    public record Tls(Path keystore, String password) {
        @Override
        public String toString() {
            return "Tls[keystore=" + keystore + "]"; // never the password
        }
    }

    public static final int DEFAULT_API_PORT = 8080;
    /** As ingest's own limit (DESIGN.md): a larger document would only come back as DOCUMENT_TOO_LARGE. */
    public static final int DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024;

    /** The options with their help, as {@code reviewflow gateway --help} lists them. */
    public static final Map<String, String> OPTIONS = options();

    private static Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("tokens", "file of writer tokens, one writerId:sha256hex line each (required; see OPERATIONS.md)");
        options.put("api-address", "address the writers' API listens on (default 127.0.0.1; 0.0.0.0 for every interface)");
        options.put("api-port", "its port (default " + DEFAULT_API_PORT + "; 0 for any free port)");
        options.put("tls-keystore", "PKCS12 key store with the API's TLS key and certificate (default: plain HTTP)");
        options.put("tls-keystore-password", "its password");
        options.put("max-document-bytes", "largest document a request may carry (default " + DEFAULT_MAX_DOCUMENT_BYTES + ")");
        options.put("rate-limit", "requests per second each writer may make, sustained (default 5)");
        options.put("rate-burst", "requests each writer may make at once (default 20)");
        options.put("max-outcomes", "outcomes held in memory for GET /v1/submissions (default 100000; oldest go first)");
        options.put("send-timeout", "seconds a submission may wait for Kafka before the answer is 503 (default 3)");
        return java.util.Collections.unmodifiableMap(options);
    }

    /**
     * @throws IllegalArgumentException naming the first missing or malformed option
     */
    public static GatewaySettings parse(Map<String, String> options) {
        String tokens = options.get("tokens");
        if (tokens == null || tokens.isBlank()) {
            throw new IllegalArgumentException("--tokens FILE is required (or REVIEWFLOW_TOKENS): the writers' hashed tokens");
        }
        Path tokensFile = Path.of(tokens.strip());
        if (!Files.isReadable(tokensFile)) {
            throw new IllegalArgumentException("tokens: cannot read " + tokensFile);
        }
        Optional<Tls> tls = Optional.empty();
        String keystore = options.get("tls-keystore");
        if (keystore != null) {
            String password = options.get("tls-keystore-password");
            if (password == null) {
                throw new IllegalArgumentException("tls-keystore needs tls-keystore-password");
            }
            Path store = Path.of(keystore.strip());
            if (!Files.isReadable(store)) {
                throw new IllegalArgumentException("tls-keystore: cannot read " + store);
            }
            tls = Optional.of(new Tls(store, password));
        } else if (options.containsKey("tls-keystore-password")) {
            throw new IllegalArgumentException("tls-keystore-password is given without tls-keystore");
        }
        return new GatewaySettings(
                options.getOrDefault("api-address", "127.0.0.1").strip(),
                number(options, "api-port", DEFAULT_API_PORT, 0, 65_535),
                tokensFile,
                tls,
                number(options, "max-document-bytes", DEFAULT_MAX_DOCUMENT_BYTES, 1, 8 << 20),
                decimal(options, "rate-limit", 5, 0.01, 100_000),
                number(options, "rate-burst", 20, 1, 100_000),
                number(options, "max-outcomes", 100_000, 1, 10_000_000),
                Duration.ofSeconds(number(options, "send-timeout", 3, 1, 60)));
    }

    private static int number(Map<String, String> options, String name, int fallback, int min, int max) {
        return (int) decimal(options, name, fallback, min, max, true);
    }

    private static double decimal(Map<String, String> options, String name, double fallback, double min, double max) {
        return decimal(options, name, fallback, min, max, false);
    }

    private static double decimal(Map<String, String> options, String name, double fallback, double min, double max,
                                  boolean whole) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = whole ? Integer.parseInt(value.strip()) : Double.parseDouble(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the range.
        }
        throw new IllegalArgumentException(name + " must be a " + (whole ? "whole " : "") + "number from "
                + (whole ? Long.toString((long) min) : Double.toString(min)) + " to " + (long) max + ", got '" + value + "'");
    }
}
