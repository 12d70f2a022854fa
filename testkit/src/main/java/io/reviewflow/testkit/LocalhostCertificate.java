package io.reviewflow.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS key and self-signed certificate for 127.0.0.1, made by the test that needs it: a PKCS12
 * keystore for the broker and a PKCS12 truststore holding only that certificate, for its clients.
 * Nothing is committed to the repository, and every run has a fresh key and password.
 *
 * <p>The key pair comes from the JDK's own {@code keytool} (the JDK has no public API that signs
 * a certificate); the truststore is written with {@link KeyStore}, which saves a second tool start.
 *
 * @param keystore   the broker's key and certificate (subject CN=127.0.0.1, SAN IP:127.0.0.1)
 * @param truststore the certificate alone, as a trusted entry
 * @param password   password of both stores and of the key
 */
public record LocalhostCertificate(Path keystore, Path truststore, String password) {

    private static final String ALIAS = "broker";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /** Creates both stores in {@code directory}, which must exist. */
    public static LocalhostCertificate create(Path directory) {
        String password = randomPassword();
        Path keystore = directory.resolve("broker.keystore.p12");
        Path truststore = directory.resolve("client.truststore.p12");
        keytool(List.of("-genkeypair", "-alias", ALIAS, "-dname", "CN=127.0.0.1, O=reviewflow tests",
                // EC keys: generating RSA keys is what makes keytool slow on a busy machine.
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                // Clients verify the host name (ssl.endpoint.identification.algorithm=https) against this.
                "-ext", "san=ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password));
        writeTruststore(keystore, truststore, password);
        return new LocalhostCertificate(keystore, truststore, password);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "LocalhostCertificate[keystore=" + keystore + ", truststore=" + truststore + "]";
    }

    /** A random password of 32 hex digits: enough for a test and safe in any configuration syntax. */
    public static String randomPassword() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(List<String> arguments) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString(),
                // A short-lived tool: skip the optimising compiler.
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(arguments);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments.get(0) + " failed with exit code "
                        + process.exitValue() + ": " + new String(output, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + keytool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static void writeTruststore(Path keystore, Path truststore, String password) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, password.toCharArray());
            }
            Certificate certificate = keys.getCertificate(ALIAS);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(ALIAS, certificate);
            try (OutputStream out = Files.newOutputStream(truststore)) {
                trusted.store(out, password.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + truststore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the truststore from " + keystore, e);
        }
    }
}
