package io.kafkaclone.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.network.Send;
import org.apache.kafka.common.network.TransferableChannel;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.SendBuilder;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;

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

    /**
     * The response frame (4-byte size, header, body) as buffers to write in order. Built by
     * kafka-clients' {@code SendBuilder}, as Kafka's broker builds its responses: fetched records are
     * referenced where they lie instead of being copied into the frame (a fetch answer is up to
     * megabytes, written on the event loop).
     */
    public static ByteBuffer[] serializeResponse(RequestHeader header, ApiMessage body, short version) {
        ApiKeys key = header.apiKey();
        // the ApiVersions response header is always v0, so a client can read it whatever version it sent
        short headerVersion = key == ApiKeys.API_VERSIONS ? 0 : key.responseHeaderVersion(version);
        Send send = SendBuilder.buildResponseSend(
                new ResponseHeader(new ResponseHeaderData().setCorrelationId(header.correlationId()), headerVersion), body, version);
        Gather gather = new Gather();
        try {
            while (!send.completed()) {
                send.writeTo(gather);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // Gather does no I/O
        }
        return gather.buffers.toArray(ByteBuffer[]::new);
    }

    /** A channel that only collects what is written to it: views of the buffers, nothing copied. */
    static final class Gather implements TransferableChannel {
        final List<ByteBuffer> buffers = new ArrayList<>();

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                written += write(sources[i]);
            }
            return written;
        }

        @Override
        public long write(ByteBuffer[] sources) {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(ByteBuffer source) {
            int n = source.remaining();
            if (n > 0) {
                buffers.add(source.slice());
                source.position(source.limit());
            }
            return n;
        }

        @Override
        public boolean hasPendingWrites() {
            return false;
        }

        @Override
        public long transferFrom(FileChannel fileChannel, long position, long count) {
            throw new UnsupportedOperationException("responses are built from memory");
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** The protocol's own error response for a request (every partition/topic/group set to the error). */
    public static ApiMessage errorResponse(AbstractRequest request, Throwable error) {
        return request.getErrorResponse(0, error).data();
    }
}
