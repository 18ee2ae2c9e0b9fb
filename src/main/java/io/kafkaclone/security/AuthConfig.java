package io.kafkaclone.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kafka-clone.auth.*}: authentication on every door (see README, "Security"). */
@ConfigMapping(prefix = "kafka-clone.auth")
public interface AuthConfig {

    /** true: the Kafka, line and console doors refuse clients until they authenticate. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The users file: one line per user and SCRAM mechanism, {@code <user> <SCRAM-SHA-256|SCRAM-SHA-512> salt=…,stored_key=…,server_key=…,iterations=…}
     * (what {@code kafka-clone-cli hash-user} prints). Passwords are never stored, only SCRAM's salted keys.
     */
    Optional<String> usersFile();

    /** SASL mechanisms the Kafka door offers, in the order listed to clients. */
    @WithDefault("PLAIN,SCRAM-SHA-256,SCRAM-SHA-512")
    List<String> kafkaMechanisms();
}
