package io.kafkaclone.kafka;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;

import io.kafkaclone.security.Principal;

/** One decoded request, where it came from and who sent it (set by the connection's authentication). */
public record KafkaRequest(RequestHeader header, AbstractRequest body, String clientHost, Principal principal) {

    public ApiKeys apiKey() {
        return header.apiKey();
    }

    public short version() {
        return header.apiVersion();
    }

    public String clientId() {
        return header.clientId() == null ? "" : header.clientId();
    }

    /** The typed request data, e.g. {@code request.<FetchRequestData>data()}. */
    @SuppressWarnings("unchecked")
    public <T extends ApiMessage> T data() {
        return (T) body.data();
    }
}
