package io.kafkaclone.core;

/** A record header: a string key and raw bytes (Kafka allows null values). */
public record Header(String key, byte[] value) {
}
