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

import io.kafkaclone.door.CompletionBursts;
import io.kafkaclone.door.SocketReads;
import io.kafkaclone.limits.IdleConnection;
import io.kafkaclone.security.Principal;

import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One client connection: cuts the byte stream into size-prefixed frames, hands each request to
 * its handler, and writes responses strictly in request order, even when an earlier request (a
 * long-polling Fetch) finishes after later ones. Anything that cannot be a request closes the
 * connection; it never affects other connections.
 */
final class KafkaConnection implements IdleConnection {
    private static final Logger LOG = Logger.getLogger(KafkaConnection.class);

    private final NetSocket socket;
    private final Context context;
    private final KafkaApis apis;
    private final int maxInFlight;
    private final String clientHost;
    private final FrameReader frames;
    /** The socket's reads, without Vert.x's heap copy of each. */
    private final SocketReads reads;
    private final ArrayDeque<Slot> inFlight = new ArrayDeque<>();
    private boolean closed;
    private boolean pausedForInFlight;
    private boolean pausedForWrites;
    /** Quota throttling (KIP-219): no reads from this connection before this time (ms), 0 when not muted. */
    private long mutedUntil;
    /** Who this connection acts for; ANONYMOUS until authentication says otherwise. */
    private Principal principal = Principal.ANONYMOUS;
    /** For the idle timeout (kafka-clone.limits.connections-max-idle-ms). */
    private long lastReadNanos = System.nanoTime();
    /** Authentication in progress or done; null when the broker does not require it. */
    private final SaslAuthenticator sasl;
    /** Set by a failed authentication: close once the responses queued so far (its error) are written. */
    private boolean closeWhenFlushed;
    /**
     * Handler completions: a group commit completes several produce requests of a connection at once, on the
     * writer thread; they run in one event-loop task per burst, and the responses they release leave as one
     * socket write (one flush, one syscall, one wake-up of the client) instead of one each.
     */
    private final CompletionBursts completions;
    /** Responses released by the burst running now; null outside a burst (then each is written at once). */
    private CompositeByteBuf outgoing;

    /** A request awaiting its turn to answer; filled when its handler completes. */
    private static final class Slot {
        final RequestHeader header;
        boolean done;
        ByteBuffer[] response; // the whole frame, size prefix included; null with done: nothing to send

        Slot(RequestHeader header) {
            this.header = header;
        }
    }

    KafkaConnection(NetSocket socket, Context context, KafkaApis apis, int maxFrameBytes, int maxInFlight, SaslAuthenticator sasl) {
        this.socket = socket;
        this.sasl = sasl;
        this.context = context;
        this.apis = apis;
        this.maxInFlight = maxInFlight;
        this.clientHost = socket.remoteAddress() == null ? "" : "/" + socket.remoteAddress().hostAddress();
        this.completions = new CompletionBursts(context, this::beginBurst, this::endBurst);
        this.frames = new FrameReader(maxFrameBytes, this::onFrame, size -> {
            LOG.debugf("kafka connection %s sent a frame of %d bytes; closing", clientHost, size);
            close();
        });
        this.reads = SocketReads.attach(socket, bytes -> {
            lastReadNanos = System.nanoTime();
            frames.handle(bytes);
        });
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
        socket.closeHandler(v -> {
            closed = true;
            reads.close();
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

    @Override
    public long lastReadNanos() {
        return lastReadNanos;
    }

    /** An unanswered request (a long-polling Fetch, a JoinGroup waiting for members) is not idleness. */
    @Override
    public boolean busy() {
        return !inFlight.isEmpty();
    }

    @Override
    public void closeIdle() {
        LOG.debugf("kafka connection %s idle; closing", clientHost);
        close();
    }

    private void onFrame(ByteBuffer frame) {
        if (closed || closeWhenFlushed) {
            return; // closed, or authentication failed: nothing more is read
        }
        if (sasl != null && sasl.expectsRawToken()) {
            respondRaw(sasl.rawToken(toBytes(frame)));
            return;
        }
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
        if (sasl != null && !sasl.isComplete() && !SaslAuthenticator.allowedBeforeAuthentication(header.apiKey())) {
            // as Kafka: a client that skips authentication gets no answer, only a closed connection
            LOG.debugf("kafka connection %s sent %s before authenticating; closing", clientHost, header.apiKey());
            close();
            return;
        }
        KafkaRequest request = new KafkaRequest(header, body, clientHost, principal);
        CompletionStage<ApiMessage> result;
        try {
            result = sasl != null && SaslAuthenticator.isSasl(header.apiKey())
                    ? sasl.handle(request).thenApply(this::applySaslStep)
                    : apis.dispatch(request);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        respond(header, result, header.apiVersion(), body);
    }

    /** Runs on the event loop (the authenticator completes there): adopt the principal, or close after the answer. */
    private ApiMessage applySaslStep(SaslAuthenticator.Step step) {
        if (step.principal() != null) {
            authenticated(step.principal());
            LOG.debugf("kafka connection %s authenticated as %s", clientHost, step.principal().name());
        }
        if (step.close()) {
            closeWhenFlushed = true;
        }
        return step.response();
    }

    /** A bare SASL token answered with a bare token (after a v0 SaslHandshake), in its place among the responses. */
    private void respondRaw(CompletionStage<SaslAuthenticator.Step> result) {
        Slot slot = new Slot(null);
        inFlight.add(slot);
        result.whenComplete((step, failure) -> context.runOnContext(v -> {
            if (failure != null || step.close()) {
                closeWhenFlushed = true;
            } else {
                applySaslStep(step);
                slot.response = new ByteBuffer[] { ByteBuffer.allocate(4).putInt(0, step.rawToken().length), ByteBuffer.wrap(step.rawToken()) };
            }
            slot.done = true;
            flush();
        }));
    }

    private void respond(RequestHeader header, CompletionStage<ApiMessage> result, short version, AbstractRequest body) {
        Slot slot = new Slot(header);
        inFlight.add(slot);
        if (inFlight.size() >= maxInFlight && !pausedForInFlight) {
            pausedForInFlight = true;
            reads.pause();
        }
        result.whenComplete((message, failure) -> completions.submit(() -> {
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
            if (answer != null && KafkaQuotas.throttleMs(answer) > 0) {
                mute(KafkaQuotas.throttleMs(answer));
            }
            flush();
        }));
    }

    private void beginBurst() {
        outgoing = Unpooled.compositeBuffer(Integer.MAX_VALUE);
    }

    private void endBurst() {
        CompositeByteBuf out = outgoing;
        outgoing = null;
        if (!closed && out.isReadable()) { // after close() the burst's buffer was written there, and is Netty's
            socket.write(Buffer.buffer(out));
        }
        afterWrite();
    }

    /** Writes every finished response at the head of the queue; a pending one holds back those behind it. */
    private void flush() {
        while (!inFlight.isEmpty() && inFlight.peek().done) {
            Slot slot = inFlight.poll();
            if (slot.response != null && !closed) {
                // one composite buffer over the frame's parts: no copy into a new array first
                if (outgoing != null) {
                    outgoing.addComponent(true, Unpooled.wrappedBuffer(slot.response));
                } else {
                    socket.write(Buffer.buffer(Unpooled.wrappedBuffer(slot.response)));
                }
            }
        }
        if (outgoing == null) {
            afterWrite();
        }
    }

    private void afterWrite() {
        if (closeWhenFlushed && inFlight.isEmpty()) {
            close(); // Vert.x writes what is queued before the socket closes
            return;
        }
        if (!closed && socket.writeQueueFull()) {
            pausedForWrites = true;
            reads.pause();
        }
        maybeResume();
    }

    /** Stops reading for {@code ms} (a throttled client must not get more requests in meanwhile). */
    private void mute(long ms) {
        long until = System.currentTimeMillis() + ms;
        if (until <= mutedUntil) {
            return;
        }
        mutedUntil = until;
        reads.pause();
        context.owner().setTimer(ms, id -> context.runOnContext(v -> {
            if (mutedUntil == until) {
                mutedUntil = 0;
                maybeResume();
            }
        }));
    }

    private void maybeResume() {
        if (pausedForInFlight && inFlight.size() < maxInFlight / 2) {
            pausedForInFlight = false;
        }
        if (!closed && !pausedForInFlight && !pausedForWrites && mutedUntil == 0) {
            reads.resume();
        }
    }


    private void close() {
        if (!closed) {
            closed = true;
            if (outgoing != null && outgoing.isReadable()) {
                // responses released earlier in this burst still go out, as they would have one by one
                // (the burst's end and later flushes see closed and add nothing)
                socket.write(Buffer.buffer(outgoing));
            }
            socket.close();
        }
    }

    /** The frame's bytes (a raw SASL token); the frame is read in place when it is a whole heap array. */
    private static byte[] toBytes(ByteBuffer b) {
        if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
            return b.array();
        }
        byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
    }
}
