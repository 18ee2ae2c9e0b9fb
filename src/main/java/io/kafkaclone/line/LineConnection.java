package io.kafkaclone.line;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.kafkaclone.door.CompletionBursts;
import io.kafkaclone.door.SocketReads;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.Authentication;
import io.kafkaclone.limits.IdleConnection;
import io.kafkaclone.security.Principal;
import io.kafkaclone.security.ResourceType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kafkaclone.config.BrokerConfig;
import io.kafkaclone.config.DoorGuards;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.core.TopicPartition;
import io.kafkaclone.core.group.ClassicGroupCoordinator;
import io.kafkaclone.metrics.BrokerMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * One line-protocol client. Requests are parsed and validated on the event loop; replies go out in
 * request order (a slot per request), publishes are acknowledged only once committed, and reading
 * from the socket pauses while too many publishes await their commit.
 */
final class LineConnection implements IdleConnection {
    private static final Logger LOG = Logger.getLogger(LineConnection.class);

    private final NetSocket socket;
    private final Context context;
    private final Vertx vertx;
    private final Broker broker;
    private final ClassicGroupCoordinator kafkaGroups;
    private final BrokerMetrics metrics;
    private final BrokerConfig.Line config;
    private final Replies replies;
    /** The socket's reads, without Vert.x's heap copy of each (door.SocketReads). */
    private final SocketReads reads;
    private final ObjectReader reader;
    private final Authorizer authorizer;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Promise<Void> closedPromise = Promise.promise();
    /** Publishes are submitted in line order even when some wait for their topic to be created. */
    private final ArrayDeque<WaitingPublish> waitingForTopic = new ArrayDeque<>();
    private int inFlightPublishes;
    private boolean pausedForPublishes;
    private final LineQuota quota;
    private boolean shuttingDown;
    private boolean closed;
    /** Who this connection acts for; ANONYMOUS until an auth op says otherwise. */
    private Principal principal = Principal.ANONYMOUS;
    private final Authentication authentication;
    /** Lines read while an auth op is being checked: they wait, so a client may pipeline auth and its first requests. */
    private ArrayDeque<byte[]> heldWhileAuthenticating;
    private int failedAuths;
    /** Wrong passwords tolerated on one connection before it is closed (slows down guessing). */
    static final int MAX_FAILED_AUTHS = 3;
    /** Commit completions of the writer thread, one per publish, run in bursts whose replies leave as one write. */
    private final CompletionBursts completions;
    /** Replies ready while a burst of completions runs; null outside a burst (then replies are written at once). */
    private Buffer outgoing;
    /** For the idle timeout (kafka-clone.limits.connections-max-idle-ms). */
    private long lastReadNanos = System.nanoTime();

    /** A reply position: replies are written in request order, each when it is ready. */
    private static final class Slot {
        Buffer line;
        Runnable afterWrite;
    }

    LineConnection(NetSocket socket, Context context, Vertx vertx, Broker broker, ClassicGroupCoordinator kafkaGroups,
            BrokerMetrics metrics, BrokerConfig.Line config, ObjectMapper mapper, DoorGuards guards) {
        this.authorizer = guards.authorizer();
        this.metrics = metrics;
        this.authentication = guards.authentication();
        this.socket = socket;
        LineSplitter splitter = new LineSplitter(config.maxLineBytes(), this::onLine, this::lineTooLong);
        this.reads = SocketReads.attach(socket, bytes -> {
            if (closed) {
                return;
            }
            lastReadNanos = System.nanoTime();
            splitter.handle(bytes);
        });
        this.quota = new LineQuota(guards.quotas(), reads::pause, vertx, context, this::resumeUnlessPaused);
        this.kafkaGroups = kafkaGroups;
        this.context = context;
        this.completions = new CompletionBursts(context, () -> outgoing = Buffer.buffer(), () -> {
            flushOutgoing();
            outgoing = null;
        });
        this.vertx = vertx;
        this.broker = broker;
        this.config = config;
        this.replies = new Replies(mapper);
        this.reader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    void start() {
        socket.setWriteQueueMaxSize(config.writeQueueBytes());
        socket.drainHandler(v -> subscriptions.values().forEach(s -> {
            if (s != null) {
                s.resume();
            }
        }));
        socket.exceptionHandler(t -> {
            LOG.debugf("line connection %s failed: %s", socket.remoteAddress(), t.getMessage());
            socket.close();
        });
        socket.closeHandler(v -> {
            reads.close();
            onClosed();
        });
    }

    Future<Void> closed() {
        return closedPromise.future();
    }

    // ------------------------------------------------------------------ idle timeout

    @Override
    public long lastReadNanos() {
        return lastReadNanos;
    }

    /** A consumer waiting for records, or a request not yet answered, is not idle. */
    @Override
    public boolean busy() {
        return !subscriptions.isEmpty() || !slots.isEmpty() || inFlightPublishes > 0 || !waitingForTopic.isEmpty();
    }

    @Override
    public void closeIdle() {
        LOG.debugf("line connection %s idle; closing", socket.remoteAddress());
        socket.close();
    }

    // ------------------------------------------------------------------ helpers used by subscriptions

    boolean isClosed() {
        return closed;
    }

    boolean writeQueueFull() {
        return socket.writeQueueFull();
    }

    Replies replies() {
        return replies;
    }

    void write(ObjectNode node) {
        if (closed) {
            return;
        }
        Buffer line = replies.line(node);
        if (outgoing != null) {
            outgoing.appendBuffer(line); // keeps its place after replies of the current burst
        } else {
            socket.write(line);
        }
    }

    void onContext(Runnable r) {
        context.runOnContext(v -> r.run());
    }

    /** Like {@link #onContext} for completions of the writer thread, which come in bursts: see {@link #completions}. */
    private void onContextBatched(Runnable r) {
        completions.submit(r);
    }

    private void flushOutgoing() {
        if (outgoing != null && outgoing.length() > 0) {
            if (!closed) {
                socket.write(outgoing);
            }
            outgoing = Buffer.buffer();
        }
    }

    <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    void retryLater(Runnable r) {
        vertx.setTimer(1000, id -> r.run());
    }

    // ------------------------------------------------------------------ requests

    /** One request line: {@code array[start, end)}, valid only during the call (the splitter's or the socket's bytes). */
    private void onLine(byte[] array, int start, int end) {
        if (closed) {
            return;
        }
        if (heldWhileAuthenticating != null) {
            heldWhileAuthenticating.add(Arrays.copyOfRange(array, start, end));
            return;
        }
        if (shuttingDown) {
            // lines that were already read when the broker began to stop: refused, never half-done
            Slot slot = new Slot();
            slots.add(slot);
            fail(slot, null, new LineError(LineError.SHUTTING_DOWN, "broker is shutting down; request not processed"));
            return;
        }
        // parsed from the line's bytes where they lie (Jackson decodes UTF-8 itself): no String of the whole line first
        if (end > start && array[end - 1] == '\r') {
            end--;
        }
        if (blank(array, start, end)) {
            return; // an empty line (e.g. an extra Enter in nc) is not a request
        }
        Slot slot = new Slot();
        slots.add(slot);
        JsonNode id = null;
        try {
            JsonNode node = reader.readTree(array, start, end - start);
            if (!(node instanceof ObjectNode json)) {
                throw new LineError(LineError.BAD_REQUEST, "a request must be a JSON object");
            }
            JsonNode idNode = json.get("id");
            id = idNode == null || idNode.isNull() ? null : idNode;
            dispatch(new Request(json), slot);
        } catch (JsonProcessingException e) {
            fail(slot, null, new LineError(LineError.BAD_REQUEST, "not valid JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            // reading a byte array fails only with a parse error (e.g. bytes that are not UTF-8): the request's fault
            fail(slot, null, new LineError(LineError.BAD_REQUEST, "not valid JSON: " + e.getMessage()));
        } catch (RuntimeException e) {
            fail(slot, id, LineError.from(e));
        }
    }

    private static boolean blank(byte[] line, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void dispatch(Request req, Slot slot) {
        if (req.op.equals("auth")) {
            auth(req, slot);
            return;
        }
        if (authentication.required() && principal.isAnonymous()) {
            throw new LineError(LineError.UNAUTHENTICATED,
                    "this broker requires authentication; send {\"op\":\"auth\",\"user\":…,\"password\":…} first");
        }
        switch (req.op) {
            case "ping" -> reply(slot, replies.ok(req.id).put("pong", true));
            case "topics" -> reply(slot, topics(req));
            case "create" -> create(req, slot);
            case "publish" -> publish(req, slot);
            case "consume" -> consume(req, slot);
            case "ack" -> ack(req, slot);
            default -> throw new LineError(LineError.UNKNOWN_OP, "unknown op '" + req.op + "'");
        }
    }

    /**
     * Checks a user's password off the event loop (re-deriving SCRAM's salted key is deliberately
     * slow); lines that arrive meanwhile are held and run afterwards, with the new principal.
     */
    private void auth(Request req, Slot slot) {
        String user = req.requiredString("user");
        String password = req.requiredString("password");
        if (!authentication.required()) {
            throw new LineError(LineError.AUTH_DISABLED, "this broker does not require authentication; every client is ANONYMOUS");
        }
        if (!principal.isAnonymous()) {
            throw new LineError(LineError.BAD_REQUEST, "this connection is already authenticated as '" + principal.name() + "'");
        }
        heldWhileAuthenticating = new ArrayDeque<>();
        reads.pause();
        blocking(() -> authentication.users().authenticate(user, password)).onComplete(ar -> {
            if (closed) {
                return;
            }
            boolean closeAfter = false;
            if (ar.succeeded() && ar.result().isPresent()) {
                principal = ar.result().get();
                reply(slot, replies.ok(req.id).put("user", principal.name()));
            } else {
                failedAuths++;
                closeAfter = failedAuths >= MAX_FAILED_AUTHS;
                LOG.debugf("line connection %s: authentication of '%s' failed (%d)", socket.remoteAddress(), user, failedAuths);
                fail(slot, req.id, new LineError(LineError.AUTH_FAILED, "unknown user or wrong password"
                        + (closeAfter ? "; " + MAX_FAILED_AUTHS + " failures, closing" : "")));
            }
            ArrayDeque<byte[]> held = heldWhileAuthenticating;
            heldWhileAuthenticating = null;
            if (closeAfter) {
                closed = true;
                socket.end();
                leaveAll();
                return;
            }
            while (!held.isEmpty() && heldWhileAuthenticating == null && !closed) {
                byte[] line = held.poll();
                onLine(line, 0, line.length);
            }
            if (heldWhileAuthenticating != null) {
                heldWhileAuthenticating.addAll(held); // another auth op among the held lines: keep the rest in order
            } else if (!pausedForPublishes && !shuttingDown) {
                reads.resume();
            }
        });
    }

    private ObjectNode topics(Request req) {
        ObjectNode reply = replies.ok(req.id);
        ArrayNode list = reply.putArray("topics");
        for (TopicLog t : broker.topics()) {
            if (!authorizer.allows(principal, AclOperation.DESCRIBE, ResourceType.TOPIC, t.name())) {
                continue; // as Kafka's Metadata: topics the principal may not describe are not listed
            }
            list.addObject().put("name", t.name()).put("partitions", t.partitionCount()).put("messages", t.messageCount());
        }
        return reply;
    }

    private void create(Request req, Slot slot) {
        String topic = req.topic();
        int partitions = req.optionalInt("partitions", 1);
        if (partitions < 1) {
            throw new LineError(LineError.BAD_REQUEST, "field 'partitions' must be at least 1");
        }
        if (!authorizer.mayCreateTopic(principal, topic)) {
            throw forbidden("create topic '" + topic + "'");
        }
        complete(slot, req.id, blocking(() -> broker.createTopic(topic, partitions)), t -> replies.ok(req.id));
    }

    private void publish(Request req, Slot slot) {
        String topicName = req.topic();
        if (!authorizer.allows(principal, AclOperation.WRITE, ResourceType.TOPIC, topicName)) {
            throw forbidden("publish to topic '" + topicName + "'");
        }
        String message = req.requiredString("message");
        String key = req.optionalString("key");
        int partition = req.optionalInt("partition", -1);
        byte[] keyBytes = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        Record record = new Record(keyBytes, message.getBytes(StandardCharsets.UTF_8), req.headers(), -1);

        TopicLog known = broker.topic(topicName).orElse(null);
        if (known != null && waitingForTopic.isEmpty()) {
            submit(known, partition, record, req, slot);
            return;
        }
        waitingForTopic.add(new WaitingPublish(topicName, partition, record, req, slot));
        if (waitingForTopic.size() == 1) {
            resolveWaitingPublishes();
        }
    }

    private record WaitingPublish(String topic, int partition, Record record, Request req, Slot slot) {
    }

    /** Submits queued publishes in order, creating each missing topic off the event loop first. */
    private void resolveWaitingPublishes() {
        while (!waitingForTopic.isEmpty() && !closed) {
            WaitingPublish head = waitingForTopic.peek();
            TopicLog known = broker.topic(head.topic()).orElse(null);
            if (known == null) {
                Principal who = principal;
                blocking(() -> {
                    requireCreateIfMissing(who, head.topic());
                    return broker.topicForUse(head.topic());
                }).onComplete(ar -> {
                    waitingForTopic.poll();
                    if (ar.succeeded()) {
                        submit(ar.result(), head.partition(), head.record(), head.req(), head.slot());
                    } else {
                        fail(head.slot(), head.req().id, LineError.from(ar.cause()));
                    }
                    resolveWaitingPublishes();
                });
                return;
            }
            waitingForTopic.poll();
            submit(known, head.partition(), head.record(), head.req(), head.slot());
        }
    }

    private void submit(TopicLog topic, int partition, Record record, Request req, Slot slot) {
        PartitionLog log;
        try {
            log = topic.partition(partition >= 0 ? partition : broker.choosePartition(topic, record.key()));
        } catch (RuntimeException e) {
            fail(slot, req.id, LineError.from(e));
            return;
        }
        inFlightPublishes++;
        if (inFlightPublishes >= config.maxInFlightPublishes() && !pausedForPublishes) {
            pausedForPublishes = true;
            reads.pause();
        }
        long throttleMs = quota.recordPublish(principal, record.sizeInBytes());
        broker.append(log, List.of(record)).whenComplete((result, failure) -> onContextBatched(() -> {
            if (failure != null) {
                fail(slot, req.id, LineError.from(failure));
            } else {
                replyLine(slot, replies.published(req.id, result, throttleMs), null);
                metrics.published(LineServer.DOOR, result.topic(), 1);
            }
            publishDone(); // after the reply: on shutdown the last completion closes the socket
        }));
    }

    /** Resumes reading unless another reason to pause still holds (publishes in flight, quota, shutdown). */
    private void resumeUnlessPaused() {
        if (!closed && !shuttingDown && !pausedForPublishes && !quota.muted()) {
            reads.resume();
        }
    }

    private void publishDone() {
        inFlightPublishes--;
        if (pausedForPublishes && inFlightPublishes <= config.maxInFlightPublishes() / 2 && !shuttingDown) {
            pausedForPublishes = false;
            resumeUnlessPaused();
        }
        if (shuttingDown && inFlightPublishes == 0) {
            flushThenClose();
        }
    }

    private void consume(Request req, Slot slot) {
        String topicName = req.topic();
        String group = req.consumer();
        if (!authorizer.allows(principal, AclOperation.READ, ResourceType.TOPIC, topicName)) {
            throw forbidden("consume topic '" + topicName + "'");
        }
        if (!authorizer.allows(principal, AclOperation.READ, ResourceType.GROUP, group)) {
            throw forbidden("consume as group '" + group + "'");
        }
        boolean autoAck = req.optionalBoolean("auto_ack");
        Subscription.StartAt startAt = startAt(req.json.get("from"));
        String key = topicName + '\u0000' + group;
        if (subscriptions.containsKey(key)) {
            throw new LineError(LineError.BAD_REQUEST, "this connection already consumes '" + topicName + "' as '" + group + "'");
        }
        subscriptions.put(key, null); // reserved while the topic is looked up or created
        Principal who = principal;
        blocking(() -> {
            // one group, one protocol at a time: Kafka members assign partitions themselves, so sharing would double-deliver
            boolean kafkaMembers = kafkaGroups.describe(group).get(30, java.util.concurrent.TimeUnit.SECONDS)
                    .map(g -> !g.members().isEmpty()).orElse(false);
            if (kafkaMembers) {
                throw new LineError(LineError.GROUP_IN_USE,
                        "consumer group '" + group + "' has live Kafka consumers; a line consumer cannot join it until they leave");
            }
            requireCreateIfMissing(who, topicName);
            return broker.topicForUse(topicName);
        }).onComplete(ar -> {
            if (closed) {
                return;
            }
            if (ar.failed()) {
                subscriptions.remove(key);
                fail(slot, req.id, LineError.from(ar.cause()));
                return;
            }
            TopicLog topic = ar.result();
            if (startAt.mode().equals("offset") && topic.partitionCount() > 1) {
                subscriptions.remove(key);
                fail(slot, req.id, new LineError(LineError.BAD_REQUEST,
                        "'from' as an offset needs a single-partition topic; '" + topicName + "' has " + topic.partitionCount()));
                return;
            }
            Subscription sub = new Subscription(this, broker, metrics, topic, group, autoAck, startAt);
            subscriptions.put(key, sub);
            Set<Integer> partitions = new TreeSet<>(sub.join(String.valueOf(socket.remoteAddress())));
            ObjectNode reply = replies.ok(req.id).put("topic", topicName).put("consumer", group);
            ArrayNode parts = reply.putArray("partitions");
            partitions.forEach(parts::add);
            reply(slot, reply, sub::start);
        });
    }

    private LineError forbidden(String what) {
        return new LineError(LineError.FORBIDDEN, "principal '" + principal.name() + "' is not allowed to " + what);
    }

    /** Auto-creating a missing topic needs CREATE, as in Kafka; without auto-create the broker answers UNKNOWN_TOPIC itself. */
    private void requireCreateIfMissing(Principal who, String topic) {
        if (broker.settings().autoCreateTopics() && broker.topic(topic).isEmpty() && !authorizer.mayCreateTopic(who, topic)) {
            throw new LineError(LineError.FORBIDDEN, "principal '" + who.name() + "' is not allowed to create topic '" + topic + "'");
        }
    }

    private static Subscription.StartAt startAt(JsonNode from) {
        if (from == null || from.isNull()) {
            return Subscription.StartAt.COMMITTED;
        }
        if (from.isTextual() && Set.of("committed", "earliest", "latest").contains(from.asText())) {
            return new Subscription.StartAt(from.asText(), -1);
        }
        if (from.isIntegralNumber() && from.canConvertToLong() && from.asLong() >= 0) {
            return new Subscription.StartAt("offset", from.asLong());
        }
        throw new LineError(LineError.BAD_REQUEST, "field 'from' must be \"committed\", \"earliest\", \"latest\" or an offset");
    }

    private void ack(Request req, Slot slot) {
        String topicName = req.topic();
        String group = req.consumer();
        int partition = req.optionalInt("partition", 0);
        long offset = req.requiredOffset("offset");
        // checked again (not only at consume): rules added or removed at runtime apply to open connections
        if (!authorizer.allows(principal, AclOperation.READ, ResourceType.GROUP, group)) {
            throw forbidden("commit offsets of group '" + group + "'");
        }
        Subscription sub = subscriptions.get(topicName + '\u0000' + group);
        if (sub == null) {
            throw new LineError(LineError.NOT_SUBSCRIBED,
                    "this connection does not consume '" + topicName + "' as '" + group + "'; send consume first");
        }
        PartitionLog log = sub.topic().partition(partition);
        if (offset >= log.logEndOffset()) {
            throw new LineError(LineError.BAD_REQUEST,
                    "offset " + offset + " is beyond the last offset of " + log.topicPartition() + " (" + (log.logEndOffset() - 1) + ")");
        }
        TopicPartition tp = log.topicPartition();
        broker.commitOffset(group, tp, offset + 1, null, true).whenComplete((v, failure) -> onContextBatched(() -> {
            if (failure != null) {
                fail(slot, req.id, LineError.from(failure));
            } else {
                reply(slot, replies.ok(req.id).put("committed", offset + 1));
            }
        }));
    }

    // ------------------------------------------------------------------ ordered replies

    private <T> void complete(Slot slot, JsonNode id, Future<T> work, Function<T, ObjectNode> onSuccess) {
        work.onComplete(ar -> {
            if (ar.succeeded()) {
                reply(slot, onSuccess.apply(ar.result()));
            } else {
                fail(slot, id, LineError.from(ar.cause()));
            }
        });
    }

    private void fail(Slot slot, JsonNode id, LineError e) {
        reply(slot, replies.error(id, e));
    }

    private void reply(Slot slot, ObjectNode node) {
        reply(slot, node, null);
    }

    private void reply(Slot slot, ObjectNode node, Runnable afterWrite) {
        replyLine(slot, replies.line(node), afterWrite);
    }

    private void replyLine(Slot slot, Buffer line, Runnable afterWrite) {
        slot.line = line;
        slot.afterWrite = afterWrite;
        while (!slots.isEmpty() && slots.peek().line != null) {
            Slot head = slots.poll();
            if (closed) {
                continue;
            }
            if (outgoing != null) {
                outgoing.appendBuffer(head.line);
            } else {
                socket.write(head.line);
            }
            if (head.afterWrite != null) {
                flushOutgoing(); // e.g. a consume reply must precede the deliveries its hook starts
                head.afterWrite.run();
            }
        }
    }

    private void lineTooLong() {
        if (closed) {
            return;
        }
        LineError e = new LineError(LineError.LINE_TOO_LONG, "request line exceeds " + config.maxLineBytes() + " bytes; closing");
        socket.write(replies.line(replies.error(null, e)));
        closed = true;
        reads.pause();
        socket.end();
        leaveAll();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Graceful stop: read no more requests, let in-flight publishes commit and be acknowledged, then close. */
    void shutdown() {
        onContext(() -> {
            if (closed) {
                return;
            }
            shuttingDown = true;
            reads.pause();
            subscriptions.values().forEach(s -> {
                if (s != null) {
                    s.close();
                }
            });
            if (inFlightPublishes == 0) {
                flushThenClose();
            }
        });
    }

    private void flushThenClose() {
        flushOutgoing(); // replies batched by the completion that brought in-flight publishes to zero
        socket.end();
    }

    void forceClose() {
        onContext(socket::close);
    }

    private void onClosed() {
        closed = true;
        leaveAll();
        slots.clear();
        closedPromise.tryComplete();
    }

    private void leaveAll() {
        List<Subscription> subs = new ArrayList<>(subscriptions.values());
        subscriptions.clear();
        subs.forEach(s -> {
            if (s != null) {
                s.close();
            }
        });
    }
}
