package io.kafkaclone.kafka;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.protocol.Errors;

import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.group.GroupError;

/** Translates core failures into Kafka error codes. */
public final class KafkaErrors {
    private KafkaErrors() {
    }

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    public static Errors of(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof BrokerException be) {
            return switch (be.code()) {
                case INVALID_TOPIC -> Errors.INVALID_TOPIC_EXCEPTION;
                case UNKNOWN_TOPIC, UNKNOWN_PARTITION -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
                case TOPIC_EXISTS -> Errors.TOPIC_ALREADY_EXISTS;
                case INVALID_PARTITIONS -> Errors.INVALID_PARTITIONS;
                case MESSAGE_TOO_LARGE -> Errors.MESSAGE_TOO_LARGE;
                case INVALID_RECORD -> Errors.INVALID_RECORD;
                case OFFSET_OUT_OF_RANGE -> Errors.OFFSET_OUT_OF_RANGE;
                case INVALID_CONFIG -> Errors.INVALID_CONFIG;
                case STORAGE_ERROR -> Errors.KAFKA_STORAGE_ERROR;
                // retriable: the client refreshes metadata and tries again (after a restart)
                case SHUTTING_DOWN -> Errors.NOT_LEADER_OR_FOLLOWER;
            };
        }
        if (t instanceof ApiException) {
            return Errors.forException(t);
        }
        return Errors.UNKNOWN_SERVER_ERROR;
    }

    public static Errors of(GroupError error) {
        return Errors.valueOf(error.name());
    }

    /** A message safe to send to a client. */
    public static String message(Throwable failure) {
        Throwable t = unwrap(failure);
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
