package io.kafkaclone.security;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code kafka-clone.acl.*}: authorization (see README, "Authorization (ACLs)"). */
@ConfigMapping(prefix = "kafka-clone.acl")
public interface AclConfig {

    /** false (the default) allows every request on every door. */
    @WithDefault("false")
    boolean enabled();

    /** User names allowed everything, e.g. {@code admin,ops}. */
    Optional<List<String>> superUsers();

    /**
     * Allow rules, comma-separated or indexed ({@code rules[0]=...}), each
     * {@code <principal> <OPERATION>[|<OPERATION>...] <type>[:<name>]}; see {@link AclRule#parse}.
     */
    Optional<List<String>> rules();
}
