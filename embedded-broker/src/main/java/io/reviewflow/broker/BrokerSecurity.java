package io.reviewflow.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the embedded broker needs to accept clients only over SASL_SSL (SCRAM-SHA-512) and to
 * authorise every request with Kafka's standard KRaft authorizer: its TLS key and certificate, the
 * certificates it trusts for its own connections to itself, and the super user it is formatted with.
 *
 * <p>The super user is created when the data directory is formatted, so it exists before the
 * broker's first client connects; it is also who the broker is on its own inter-broker connections
 * (transaction markers go from the coordinator to the partition leader, here the same node).
 * Everyone else is created by that super user, with ACLs.
 *
 * @param keystore           PKCS12 keystore holding the broker's key and a certificate valid for 127.0.0.1
 * @param keystorePassword   password of the keystore and of the key in it
 * @param truststore         PKCS12 truststore with the certificate authority that signed the broker's certificate
 * @param truststorePassword password of the truststore
 * @param superUser          SCRAM user with every permission, created at format time
 * @param superUserPassword  its password
 */
public record BrokerSecurity(Path keystore, String keystorePassword, Path truststore, String truststorePassword,
                             String superUser, String superUserPassword) {

    public static final String SASL_MECHANISM = "SCRAM-SHA-512";
    public static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    /**
     * Names and passwords travel inside a JAAS line and the formatter's SCRAM argument, which both
     * have their own quoting; keeping them to these characters means neither needs escaping.
     */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._~-]{1,128}");

    public BrokerSecurity {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        requirePlain("super user", superUser);
        requirePlain("super user password", superUserPassword);
        keystore = keystore.toAbsolutePath();
        truststore = truststore.toAbsolutePath();
    }

    /**
     * Client properties for {@code user} on the broker's SASL_SSL listener: SCRAM-SHA-512 over TLS,
     * trusting the broker's certificate authority, with host name verification on (the broker's
     * certificate names 127.0.0.1).
     */
    public Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", SASL_MECHANISM,
                "sasl.jaas.config", jaas(user, password),
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", truststorePassword,
                "ssl.truststore.type", "PKCS12",
                "ssl.endpoint.identification.algorithm", "https");
    }

    /** Client properties for the super user. */
    public Map<String, String> superUserClientProperties() {
        return clientProperties(superUser, superUserPassword);
    }

    /** The JAAS line a SCRAM client logs in with. */
    public static String jaas(String user, String password) {
        requirePlain("user", user);
        requirePlain("password", password);
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The formatter's {@code --add-scram} argument that creates the super user in the metadata log. */
    String superUserScramArgument() {
        return SASL_MECHANISM + "=[name=" + superUser + ",password=" + superUserPassword + "]";
    }

    /** Never prints a password: settings end up in logs and test reports. */
    @Override
    public String toString() {
        return "BrokerSecurity[keystore=" + keystore + ", truststore=" + truststore + ", superUser=" + superUser + "]";
    }

    private static void requirePlain(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!PLAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1-128 of A-Z a-z 0-9 . _ ~ -");
        }
    }
}
