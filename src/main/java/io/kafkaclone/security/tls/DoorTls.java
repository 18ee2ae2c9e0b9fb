package io.kafkaclone.security.tls;

import org.jboss.logging.Logger;

import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SSLOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a door's {@link NetServerOptions} into TLS ones from the Quarkus TLS registry, so the line and
 * Kafka doors read key material exactly like the HTTP console (PEM, PKCS12 or JKS; reloadable by
 * Quarkus) instead of each door parsing key files of its own.
 */
@ApplicationScoped
public class DoorTls {
    private static final Logger LOG = Logger.getLogger(DoorTls.class);

    @Inject
    TlsConfigurationRegistry registry;
    @Inject
    TlsConfig config;

    /** The line door's settings. */
    public NetServerOptions line(NetServerOptions options) {
        return apply("line", config.line(), options);
    }

    /** The Kafka door's settings. */
    public NetServerOptions kafka(NetServerOptions options) {
        return apply("kafka", config.kafka(), options);
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
        LOG.infof("kafka-clone %s door: TLS from quarkus.tls.%s (client-auth %s)", door, name, settings.clientAuth());
        return options;
    }
}
