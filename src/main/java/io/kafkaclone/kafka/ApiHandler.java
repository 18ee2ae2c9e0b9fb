package io.kafkaclone.kafka;

import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.protocol.ApiMessage;

/**
 * Serves one API key. Called on the connection's event loop: it must not block, and hands database
 * work to {@link Blocking}. A stage completing with null sends no response (Produce with acks=0).
 */
@FunctionalInterface
public interface ApiHandler {
    CompletionStage<ApiMessage> handle(KafkaRequest request);
}
