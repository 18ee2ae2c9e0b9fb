package io.kafkaclone.kafka;

import java.nio.ByteBuffer;

import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * The only place that touches kafka-clients' request/response serialisation. Those classes are
 * internals of kafka-clients, not a stable API, so they are wrapped here (and covered by tests)
 * to keep an upgrade a one-file change.
 */
public final class KafkaCodec {
    private KafkaCodec() {
    }

    /** Thrown for a frame that cannot be a request: the connection is closed. */
    public static final class MalformedRequest extends Exception {
        public MalformedRequest(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads the request header; the buffer is left positioned at the body. */
    public static RequestHeader parseHeader(ByteBuffer frame) throws MalformedRequest {
        try {
            return RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            throw new MalformedRequest("bad request header: " + e.getMessage(), e);
        }
    }

    /** Reads the body that follows the header, at the header's API version. */
    public static AbstractRequest parseBody(RequestHeader header, ByteBuffer frame) throws MalformedRequest {
        try {
            return AbstractRequest.parseRequest(header.apiKey(), header.apiVersion(), new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            throw new MalformedRequest("bad " + header.apiKey() + " v" + header.apiVersion() + " body: " + e.getMessage(), e);
        }
    }

    /** Response header plus body, without the 4-byte size prefix. */
    public static ByteBuffer serializeResponse(RequestHeader header, ApiMessage body, short version) {
        ApiKeys key = header.apiKey();
        // the ApiVersions response header is always v0, so a client can read it whatever version it sent
        short headerVersion = key == ApiKeys.API_VERSIONS ? 0 : key.responseHeaderVersion(version);
        return RequestUtils.serialize(new ResponseHeaderData().setCorrelationId(header.correlationId()), headerVersion, body, version);
    }

    /** The protocol's own error response for a request (every partition/topic/group set to the error). */
    public static ApiMessage errorResponse(AbstractRequest request, Throwable error) {
        return request.getErrorResponse(0, error).data();
    }
}
