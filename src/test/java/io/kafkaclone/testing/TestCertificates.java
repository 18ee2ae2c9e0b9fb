package io.kafkaclone.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority, a server certificate for localhost/127.0.0.1 and a client
 * certificate, made by the JDK's keytool when a test starts (so no private key is committed), in
 * PKCS12 and PEM. Every store's password is {@link #PASSWORD}.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";

    /** Made once per test JVM; every TLS test profile shares them. */
    private static TestCertificates instance;

    /** Folder holding every file below. */
    public final Path dir;
    /** Server key + certificate chain (alias "server") in PKCS12. */
    public final Path serverP12;
    /** Server certificate chain, PEM. */
    public final Path serverCertPem;
    /** Server private key, PKCS#8 PEM. */
    public final Path serverKeyPem;
    /** The CA certificate, PEM (a server's trust store for client certificates). */
    public final Path caPem;
    /** The CA certificate as a PKCS12 trust store (for kafka-clients and the JDK). */
    public final Path trustP12;
    /** Client key + certificate chain signed by the CA, PKCS12 (mutual TLS). */
    public final Path clientP12;

    private TestCertificates(Path dir) {
        this.dir = dir;
        serverP12 = dir.resolve("server.p12");
        serverCertPem = dir.resolve("server-cert.pem");
        serverKeyPem = dir.resolve("server-key.pem");
        caPem = dir.resolve("ca.pem");
        trustP12 = dir.resolve("truststore.p12");
        clientP12 = dir.resolve("client.p12");
    }

    public static synchronized TestCertificates get() {
        if (instance == null) {
            Path dir = Path.of("target", "test-certs", UUID.randomUUID().toString()).toAbsolutePath();
            try {
                Files.createDirectories(dir);
                TestCertificates c = new TestCertificates(dir);
                c.generate();
                instance = c;
            } catch (Exception e) {
                throw new IllegalStateException("cannot generate test certificates in " + dir, e);
            }
        }
        return instance;
    }

    private void generate() throws Exception {
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=kafka-clone test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        signed("server", serverP12, ca, "CN=localhost", "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth");
        signed("client", clientP12, ca, "CN=test-client", "eku=clientAuth", null);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", trustP12.toString());
        writePem(serverP12, "server", serverCertPem, serverKeyPem);
    }

    /**
     * A new server key and certificate (for localhost/127.0.0.1, subject {@code CN=<cn>}) from the same CA,
     * written as PEM over {@code certPem} and {@code keyPem}: a certificate rotation.
     */
    public synchronized void writeNewServerPem(String cn, Path certPem, Path keyPem) throws Exception {
        String alias = "server-" + UUID.randomUUID().toString().substring(0, 8);
        Path store = dir.resolve(alias + ".p12");
        signed(alias, store, dir.resolve("ca.p12"), "CN=" + cn, "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth");
        writePem(store, alias, certPem, keyPem);
    }

    /** A key pair in {@code store} whose certificate the CA signs, imported back with its chain. */
    private void signed(String alias, Path store, Path ca, String dname, String ext1, String ext2) throws Exception {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "2",
                "-keystore", store.toString());
        Path csr = dir.resolve(alias + ".csr");
        Path crt = dir.resolve(alias + ".crt");
        keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile",
                csr.toString(), "-outfile", crt.toString(), "-validity", "2", "-ext", ext1));
        if (ext2 != null) {
            gencert.addAll(List.of("-ext", ext2));
        }
        keytool(gencert.toArray(String[]::new));
        // the chain reply needs the CA known to the store first
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString());
        keytool("-importcert", "-alias", alias, "-file", crt.toString(), "-keystore", store.toString());
        Files.delete(csr);
    }

    private void writePem(Path p12, String alias, Path certPem, Path keyPem) throws Exception {
        KeyStore ks = load(p12);
        Key key = ks.getKey(alias, PASSWORD.toCharArray());
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
        StringBuilder chain = new StringBuilder();
        for (Certificate c : ks.getCertificateChain(alias)) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(certPem, chain);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    /** A client SSL context trusting the test CA; with {@code clientCertificate} it also presents the client certificate. */
    public SSLContext clientContext(boolean clientCertificate) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustP12));
        KeyManagerFactory kmf = null;
        if (clientCertificate) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(clientP12), PASSWORD.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
