package io.kafkaclone.security;

import java.util.Locale;

/** What an ACL rule is about. The cluster is a single resource named {@link #CLUSTER_NAME}. */
public enum ResourceType {
    TOPIC, GROUP, CLUSTER;

    /** Kafka's name for the one cluster resource. */
    public static final String CLUSTER_NAME = "kafka-cluster";

    public static ResourceType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown ACL resource type '" + text + "'; one of topic, group, cluster");
        }
    }
}
