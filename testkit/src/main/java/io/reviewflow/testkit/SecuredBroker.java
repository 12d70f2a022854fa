package io.reviewflow.testkit;

import io.reviewflow.broker.BrokerSecurity;
import io.reviewflow.broker.EmbeddedKafkaBroker;
import io.reviewflow.runtime.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * An embedded broker of its own, secured as production would be: clients connect over SASL_SSL
 * with SCRAM-SHA-512 and every request is authorised by Kafka's standard authorizer, denying
 * whatever no ACL allows. Its certificate is made fresh in the given directory, and a super user
 * (the administrator) creates the other users and their ACLs.
 *
 * <p>Each test class that needs one starts its own: the shared {@link TestKafka} stays open.
 */
public final class SecuredBroker implements AutoCloseable {

    public static final String SUPER_USER = "admin";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedKafkaBroker broker;
    private final BrokerSecurity security;

    private SecuredBroker(EmbeddedKafkaBroker broker, BrokerSecurity security) {
        this.broker = broker;
        this.security = security;
    }

    /** Makes a certificate in {@code directory} and starts the broker on a temporary data directory. */
    public static SecuredBroker start(Path directory) {
        LocalhostCertificate certificate = LocalhostCertificate.create(directory);
        BrokerSecurity security = new BrokerSecurity(certificate.keystore(), certificate.password(),
                certificate.truststore(), certificate.password(), SUPER_USER, LocalhostCertificate.randomPassword());
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.ephemeral().withSecurity(security));
        return new SecuredBroker(broker, security);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** How the administrator connects: may do anything, including create topics. */
    public KafkaSettings superUser() {
        return settingsFor(security.superUser(), security.superUserPassword());
    }

    /** How {@code user} connects with {@code password}, right or wrong. */
    public KafkaSettings settingsFor(String user, String password) {
        return new KafkaSettings(broker.bootstrapServers(), KafkaSettings.DEFAULT_REQUEST_TIMEOUT,
                security.clientProperties(user, password));
    }

    /**
     * Creates a SCRAM-SHA-512 user with a fresh random password and returns how it connects, once
     * the broker accepts it. It may do nothing until {@link #grant} allows it.
     */
    public KafkaSettings createUser(String user) {
        return createUsers(List.of(user)).get(user);
    }

    /** {@link #createUser} for several users in one request: how each connects, by name. */
    public Map<String, KafkaSettings> createUsers(Collection<String> users) {
        Map<String, KafkaSettings> created = new LinkedHashMap<>();
        List<UserScramCredentialAlteration> alterations = new ArrayList<>();
        for (String user : users) {
            String password = LocalhostCertificate.randomPassword();
            // 4096 iterations, the least SCRAM-SHA-512 allows: these passwords are random, not guessable.
            alterations.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
            created.put(user, settingsFor(user, password));
        }
        try (Admin admin = Admin.create(superUser().adminProperties())) {
            admin.alterUserScramCredentials(alterations).all().get(SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create users " + users, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating users " + users, e);
        }
        created.forEach(SecuredBroker::awaitAuthenticates);
        return created;
    }

    /**
     * Creates the ACLs and returns once the broker's authorizer applies all of them. ACLs travel
     * through the metadata log, so a request sent straight after {@code createAcls} may still be denied.
     */
    public void grant(Collection<AclBinding> acls) {
        try (Admin admin = Admin.create(superUser().adminProperties())) {
            admin.createAcls(acls).all().get(SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            while (true) {
                // The broker answers DescribeAcls from its own authorizer: what it lists, it enforces.
                Collection<AclBinding> applied = admin.describeAcls(AclBindingFilter.ANY).values()
                        .get(SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (applied.containsAll(Set.copyOf(acls))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not apply " + acls.size() + " ACL(s) within " + SETTLE_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating ACLs", e);
        }
    }

    @Override
    public void close() {
        broker.close();
    }

    /** SCRAM credentials also travel through the metadata log: wait until a login with them works. */
    private static void awaitAuthenticates(String user, KafkaSettings settings) {
        Properties props = settings.adminProperties();
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (true) {
            try (Admin admin = Admin.create(props)) {
                admin.describeCluster().clusterId().get(SETTLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("user " + user + " could not log in within " + SETTLE_TIMEOUT, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for user " + user, e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for user " + user, e);
            }
        }
    }
}
