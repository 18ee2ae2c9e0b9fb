package io.kafkaclone.security.tls;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.ClientAuth;

/**
 * TLS on the broker's TCP doors: {@code kafka-clone.tls.*}. Each door names a Quarkus TLS configuration
 * ({@code quarkus.tls.<name>.key-store.pem.*} or {@code .p12.*}) the same way the HTTP console does with
 * {@code quarkus.http.tls-configuration-name}; a door without a name stays plaintext (the default).
 */
@ConfigMapping(prefix = "kafka-clone.tls")
public interface TlsConfig {

    /** The line-protocol door ({@code kafka-clone.tls.line.*}). */
    Door line();

    /** The Kafka-protocol door ({@code kafka-clone.tls.kafka.*}). */
    Door kafka();

    interface Door {
        /** Name of the {@code quarkus.tls.<name>} configuration holding this door's key and certificate; absent: plaintext. */
        Optional<String> tlsConfigurationName();

        /**
         * Client certificates: {@code none} (default), {@code request} or {@code required} (mutual TLS; the
         * named TLS configuration then needs a trust store holding the CA that signs client certificates).
         */
        @WithDefault("none")
        ClientAuth clientAuth();
    }
}
