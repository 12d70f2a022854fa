package io.reviewflow.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The secured broker's configuration, checked without starting one (SecuredPipelineIT starts one). */
class BrokerSecurityTest {

    private static final BrokerSecurity SECURITY = new BrokerSecurity(Path.of("/tmp/k.p12"), "store-secret",
            Path.of("/tmp/t.p12"), "trust-secret", "admin", "admin-secret");

    @Test
    void aSecuredBrokerServesClientsOnlyOverSaslSslAndDeniesWhatNoAclAllows() {
        // Given the default broker properties
        Properties props = EmbeddedKafkaBroker.brokerProperties(9092, 9093, Path.of("/tmp/log"));

        // When they are secured
        EmbeddedKafkaBroker.secure(props, 9092, 9093, SECURITY);

        // Then the only client listener is SASL_SSL, the controller stays on loopback, and ACLs decide
        assertEquals("CLIENT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", props.getProperty("listeners"));
        assertEquals("CLIENT://127.0.0.1:9092", props.getProperty("advertised.listeners"));
        assertEquals("CLIENT:SASL_SSL,CONTROLLER:PLAINTEXT", props.getProperty("listener.security.protocol.map"));
        assertEquals("CLIENT", props.getProperty("inter.broker.listener.name"));
        assertEquals("SCRAM-SHA-512", props.getProperty("listener.name.client.sasl.enabled.mechanisms"));
        assertEquals(BrokerSecurity.AUTHORIZER, props.getProperty("authorizer.class.name"));
        assertEquals("false", props.getProperty("allow.everyone.if.no.acl.found"));
        assertEquals("User:admin;User:ANONYMOUS", props.getProperty("super.users"));
    }

    @Test
    void theDefaultBrokerIsUnchangedPlaintext() {
        Properties props = EmbeddedKafkaBroker.brokerProperties(9092, 9093, Path.of("/tmp/log"));

        assertEquals("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", props.getProperty("listeners"));
        assertEquals("PLAINTEXT", props.getProperty("inter.broker.listener.name"));
        assertFalse(props.containsKey("authorizer.class.name"));
    }

    @Test
    void clientPropertiesLogInWithScramOverTlsAndVerifyTheHost() {
        Map<String, String> client = SECURITY.clientProperties("ingest", "ingest-secret");

        assertEquals("SASL_SSL", client.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", client.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ingest\" password=\"ingest-secret\";",
                client.get("sasl.jaas.config"));
        assertEquals("/tmp/t.p12", client.get("ssl.truststore.location"));
        assertEquals("https", client.get("ssl.endpoint.identification.algorithm"));
    }

    @Test
    void passwordsAreNeverPrinted() {
        String printed = SECURITY.toString() + new EmbeddedKafkaBroker.Settings(0, null, Map.of(), SECURITY);

        assertFalse(printed.contains("secret"), printed);
        assertTrue(printed.contains("admin"), printed);
    }

    @Test
    void aPasswordThatWouldNeedQuotingIsRefused() {
        // A quote would end the JAAS value early; a comma would end the formatter's SCRAM argument.
        assertThrows(IllegalArgumentException.class, () -> BrokerSecurity.jaas("ingest", "pass\"word"));
        assertThrows(IllegalArgumentException.class, () -> new BrokerSecurity(Path.of("k"), "s", Path.of("t"), "s", "admin", "a,b"));
    }
}
