package io.kafkaclone.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.jboss.logging.Logger;

import io.kafkaclone.security.Principal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

/**
 * One client connection: cuts the byte stream into size-prefixed frames, hands each request to
 * its handler, and writes responses strictly in request order, even when an earlier request (a
 * long-polling Fetch) finishes after later ones. Anything that cannot be a request closes the
 * connection; it never affects other connections.
 */
final class KafkaConnection {
    private static final Logger LOG = Logger.getLogger(KafkaConnection.class);

    private final NetSocket socket;
    private final Context context;
    private final KafkaApis apis;
    private final int maxFrameBytes;
    private final int maxInFlight;
    private final String clientHost;
    private final RecordParser parser;
    private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
    private boolean readingSize = true;
    private boolean closed;
    private boolean pausedForInFlight;
    private boolean pausedForWrites;
    /** Who this connection acts for; ANONYMOUS until authentication says otherwise. */
    private Principal principal = Principal.ANONYMOUS;

    /** A request awaiting its turn to answer; filled when its handler completes. */
    private static final class Slot {
        final RequestHeader header;
        boolean done;
        ByteBuffer response; // null with done: nothing to send

        Slot(RequestHeader header) {
            this.header = header;
        }
    }

    KafkaConnection(NetSocket socket, Context context, KafkaApis apis, int maxFrameBytes, int maxInFlight) {
        this.socket = socket;
        this.context = context;
        this.apis = apis;
        this.maxFrameBytes = maxFrameBytes;
        this.maxInFlight = maxInFlight;
        this.clientHost = socket.remoteAddress() == null ? "" : "/" + socket.remoteAddress().hostAddress();
        this.parser = RecordParser.newFixed(4);
        this.parser.handler(this::onRecord);
    }

    private Runnable onClose = () -> {
    };

    /** Runs once when the socket closes, whoever closed it. */
    KafkaConnection onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    Principal principal() {
        return principal;
    }

    void authenticated(Principal principal) {
        this.principal = principal;
    }

    void start() {
        socket.handler(parser);
        socket.closeHandler(v -> {
            closed = true;
            onClose.run();
        });
        socket.exceptionHandler(e -> {
            LOG.debugf("kafka connection %s failed: %s", clientHost, e.getMessage());
            close();
        });
        socket.drainHandler(v -> {
            pausedForWrites = false;
            maybeResume();
        });
    }

    private void onRecord(Buffer record) {
        if (closed) {
            return;
        }
        if (readingSize) {
            int size = record.getInt(0);
            if (size <= 0 || size > maxFrameBytes) {
                LOG.debugf("kafka connection %s sent a frame of %d bytes; closing", clientHost, size);
                close();
                return;
            }
            readingSize = false;
            parser.fixedSizeMode(size);
        } else {
            readingSize = true;
            parser.fixedSizeMode(4);
            // the parser hands out a buffer of its own (a copy of the socket bytes), so its heap
            // array is read in place rather than copied once more
            onFrame(record.getByteBuf().nioBuffer());
        }
    }

    private void onFrame(ByteBuffer frame) {
        RequestHeader header;
        AbstractRequest body;
        try {
            header = KafkaCodec.parseHeader(frame);
            if (header.apiKey() == ApiKeys.API_VERSIONS && !SupportedApis.supports(ApiKeys.API_VERSIONS, header.apiVersion())) {
                // KIP-511: answer an ApiVersions we cannot parse in v0, with the versions we do serve
                respond(header, CompletableFuture.completedFuture(new ApiVersionsResponseData()
                        .setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(SupportedApis.advertised())), (short) 0, null);
                return;
            }
            if (!SupportedApis.supports(header.apiKey(), header.apiVersion())) {
                throw new KafkaCodec.MalformedRequest("unsupported " + header.apiKey() + " v" + header.apiVersion(), null);
            }
            body = KafkaCodec.parseBody(header, frame);
        } catch (KafkaCodec.MalformedRequest e) {
            LOG.debugf("kafka connection %s: %s; closing", clientHost, e.getMessage());
            close();
            return;
        }
        KafkaRequest request = new KafkaRequest(header, body, clientHost, principal);
        CompletionStage<ApiMessage> result;
        try {
            result = apis.dispatch(request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        respond(header, result, header.apiVersion(), body);
    }

    private void respond(RequestHeader header, CompletionStage<ApiMessage> result, short version, AbstractRequest body) {
        Slot slot = new Slot(header);
        inFlight.add(slot);
        if (inFlight.size() >= maxInFlight && !pausedForInFlight) {
            pausedForInFlight = true;
            socket.pause();
        }
        result.whenComplete((message, failure) -> context.runOnContext(v -> {
            ApiMessage answer = message;
            if (failure != null) {
                LOG.warnf(KafkaErrors.unwrap(failure), "%s v%d from %s failed", header.apiKey(), header.apiVersion(), clientHost);
                answer = body == null || apis.isSilent(body) ? null : KafkaCodec.errorResponse(body, KafkaErrors.unwrap(failure));
            }
            try {
                slot.response = answer == null ? null : KafkaCodec.serializeResponse(header, answer, version);
            } catch (RuntimeException e) {
                LOG.errorf(e, "cannot serialise %s v%d response; closing %s", header.apiKey(), version, clientHost);
                close();
                return;
            }
            slot.done = true;
            flush();
        }));
    }

    /** Writes every finished response at the head of the queue; a pending one holds back those behind it. */
    private void flush() {
        while (!inFlight.isEmpty() && inFlight.peek().done) {
            Slot slot = inFlight.poll();
            if (slot.response != null && !closed) {
                // size prefix and body as one composite buffer: Netty writes both without first
                // copying the body (up to a fetch's megabytes) into a new array
                ByteBuf size = Unpooled.buffer(4).writeInt(slot.response.remaining());
                socket.write(Buffer.buffer(Unpooled.wrappedBuffer(size, Unpooled.wrappedBuffer(slot.response))));
            }
        }
        if (!closed && socket.writeQueueFull()) {
            pausedForWrites = true;
            socket.pause();
        }
        maybeResume();
    }

    private void maybeResume() {
        if (pausedForInFlight && inFlight.size() < maxInFlight / 2) {
            pausedForInFlight = false;
        }
        if (!closed && !pausedForInFlight && !pausedForWrites) {
            socket.resume();
        }
    }


    private void close() {
        if (!closed) {
            closed = true;
            socket.close();
        }
    }
}
