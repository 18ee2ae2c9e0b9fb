package io.kafkaclone.security.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jboss.logging.Logger;

import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Turns a door's {@link NetServerOptions} into TLS ones from the Quarkus TLS registry, so the line and
 * Kafka doors read key material exactly like the HTTP console (PEM, PKCS12 or JKS) instead of each
 * door parsing key files of its own; when Quarkus reloads a configuration (its {@code reload-period})
 * the doors using it switch to the new certificate for new connections.
 */
@ApplicationScoped
public class DoorTls {
    private static final Logger LOG = Logger.getLogger(DoorTls.class);

    @Inject
    TlsConfigurationRegistry registry;
    @Inject
    TlsConfig config;

    /** The servers of each TLS configuration name, to update when Quarkus reloads its files. */
    private final Map<String, List<NetServer>> servers = new ConcurrentHashMap<>();
    /** Digest of the certificates each configuration name was last applied with. */
    private final Map<String, String> applied = new ConcurrentHashMap<>();

    /** The line door's settings. */
    public NetServerOptions line(NetServerOptions options) {
        return apply("line", config.line(), options);
    }

    /** The Kafka door's settings. */
    public NetServerOptions kafka(NetServerOptions options) {
        return apply("kafka", config.kafka(), options);
    }

    /** Registers a door's server so that a certificate reload reaches it; nothing for a plaintext door. */
    public void serving(String door, NetServer server) {
        TlsConfig.Door d = door.equals("line") ? config.line() : config.kafka();
        d.tlsConfigurationName().ifPresent(name -> servers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(server));
    }

    void reloaded(@Observes CertificateUpdatedEvent event) {
        List<NetServer> using = servers.getOrDefault(event.name(), List.of());
        String certificates = fingerprint(event.tlsConfiguration().getKeyStore());
        // Quarkus announces every periodic reload, changed or not; rebuilding the SSL context each time is
        // wasted work, and Vert.x 4.5 drops a connection that arrives while an update is in progress
        if (using.isEmpty() || certificates.equals(applied.get(event.name()))) {
            return;
        }
        applied.put(event.name(), certificates);
        // forced: the options name the same files as before, so Vert.x would otherwise see "no change";
        // no ALPN, which only the HTTP server negotiates
        SSLOptions ssl = new SSLOptions(event.tlsConfiguration().getSSLOptions()).setUseAlpn(false);
        for (NetServer server : using) {
            server.updateSSLOptions(ssl, true).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.errorf(ar.cause(), "TLS configuration %s reloaded but a door kept its old certificate", event.name());
                }
            });
        }
        LOG.infof("TLS configuration %s reloaded: new connections to %d door server(s) get the new certificate", event.name(),
                using.size());
    }

    /** SHA-256 over every certificate of the key store, in alias order: changes when a certificate is replaced. */
    private static String fingerprint(KeyStore keyStore) {
        if (keyStore == null) {
            return "";
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String alias : new TreeSet<>(Collections.list(keyStore.aliases()))) {
                Certificate[] chain = keyStore.getCertificateChain(alias);
                for (Certificate c : chain != null ? chain : new Certificate[] { keyStore.getCertificate(alias) }) {
                    if (c != null) {
                        digest.update(c.getEncoded());
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the TLS key store", e);
        }
    }

    /** Whether the door speaks TLS. */
    public boolean enabled(String door) {
        TlsConfig.Door d = door.equals("line") ? config.line() : config.kafka();
        return d.tlsConfigurationName().isPresent();
    }

    private NetServerOptions apply(String door, TlsConfig.Door settings, NetServerOptions options) {
        if (settings.tlsConfigurationName().isEmpty()) {
            return options;
        }
        String name = settings.tlsConfigurationName().get();
        // a typo in the name must stop the broker, not quietly open a plaintext door
        TlsConfiguration tls = registry.get(name).orElseThrow(() -> new IllegalStateException("kafka-clone.tls." + door
                + ".tls-configuration-name names '" + name + "', but there is no quarkus.tls." + name + ".* configuration"));
        KeyCertOptions keyCert = tls.getKeyStoreOptions();
        if (keyCert == null) {
            throw new IllegalStateException("quarkus.tls." + name + " (used by the " + door
                    + " door) has no key store: set quarkus.tls." + name + ".key-store.pem.* or .p12.*");
        }
        options.setSsl(true).setKeyCertOptions(keyCert);
        TrustOptions trust = tls.getTrustStoreOptions();
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        if (settings.clientAuth() != ClientAuth.NONE && trust == null) {
            throw new IllegalStateException("kafka-clone.tls." + door + ".client-auth=" + settings.clientAuth()
                    + " needs a trust store in quarkus.tls." + name + ".trust-store.*");
        }
        options.setClientAuth(settings.clientAuth());
        // the same knobs Quarkus applies to its HTTP server from this configuration
        SSLOptions ssl = tls.getSSLOptions();
        ssl.getEnabledCipherSuites().forEach(options::addEnabledCipherSuite);
        options.setEnabledSecureTransportProtocols(ssl.getEnabledSecureTransportProtocols());
        options.setSslHandshakeTimeout(ssl.getSslHandshakeTimeout()).setSslHandshakeTimeoutUnit(ssl.getSslHandshakeTimeoutUnit());
        options.setSni(tls.usesSni());
        applied.put(name, fingerprint(tls.getKeyStore()));
        LOG.infof("kafka-clone %s door: TLS from quarkus.tls.%s (client-auth %s)", door, name, settings.clientAuth());
        return options;
    }
}
