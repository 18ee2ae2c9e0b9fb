package io.kafkaclone.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.Header;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.ResourceType;
import io.kafkaclone.metrics.BrokerMetrics;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Browsing a partition page by page (oldest or newest first, seek by offset or time) and publishing. */
@Tag(name = "Messages", description = "Browse and publish messages")
@Path("/api/topics/{name}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessagesResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    private static final int READ_BYTES = 1024 * 1024;

    /** A header; value is null, text, or base64 when {@code encoding} is "base64". */
    public record HeaderView(String key, String value, @JsonInclude(JsonInclude.Include.NON_NULL) String encoding) {
    }

    /** A stored record; key and value are text, or base64 when their encoding field says "base64". */
    public record MessageView(long offset, long timestamp, String key,
            @JsonInclude(JsonInclude.Include.NON_NULL) String keyEncoding, List<HeaderView> headers, String value,
            @JsonInclude(JsonInclude.Include.NON_NULL) String valueEncoding) {

        static MessageView of(StoredRecord r) {
            Payloads key = Payloads.of(r.key());
            Payloads value = Payloads.of(r.value());
            List<HeaderView> headers = new ArrayList<>(r.headers().size());
            for (Header h : r.headers()) {
                Payloads hv = Payloads.of(h.value());
                headers.add(new HeaderView(h.key(), hv.text(), hv.encoding()));
            }
            return new MessageView(r.offset(), r.timestamp(), key.text(), key.encoding(), headers, value.text(), value.encoding());
        }
    }

    /**
     * One page. {@code nextOffset} is where the following page starts (oldest first: after the last
     * message; newest first: before the oldest one shown); {@code hasMore} says whether it holds anything.
     */
    public record MessagePage(String topic, int partition, String order, long logStartOffset, long logEndOffset,
            List<MessageView> messages, long nextOffset, boolean hasMore) {
    }

    public record Published(String topic, int partition, long offset, long timestamp) {
    }

    @Inject
    Broker broker;

    @Inject
    BrokerMetrics metrics;
    @Inject
    ConsoleCaller caller;

    @GET
    public MessagePage page(@PathParam("name") String name, @QueryParam("partition") String partitionParam,
            @QueryParam("offset") String offsetParam, @QueryParam("timestamp") String timestampParam,
            @QueryParam("limit") String limitParam, @QueryParam("order") String orderParam) {
        String topicName = Inputs.topicName(name);
        caller.require(AclOperation.READ, ResourceType.TOPIC, topicName, "read topic '" + topicName + "'");
        TopicLog topic = broker.requireTopic(topicName);
        int partition = (int) Inputs.longParam("partition", partitionParam, 0, Integer.MAX_VALUE).orElse(0);
        PartitionLog p = topic.partition(partition);
        OptionalLong offset = Inputs.longParam("offset", offsetParam, 0, Long.MAX_VALUE);
        OptionalLong timestamp = Inputs.longParam("timestamp", timestampParam, 0, Long.MAX_VALUE);
        int limit = (int) Inputs.longParam("limit", limitParam, 1, MAX_LIMIT).orElse(DEFAULT_LIMIT);
        String order = orderParam == null || orderParam.isBlank() ? "oldest" : orderParam;
        if (!order.equals("oldest") && !order.equals("newest")) {
            throw ConsoleException.badRequest("query parameter 'order' must be 'oldest' or 'newest', got '" + order + "'");
        }
        if (offset.isPresent() && timestamp.isPresent()) {
            throw ConsoleException.badRequest("give either 'offset' or 'timestamp', not both");
        }
        long start = p.logStartOffset();
        long end = p.logEndOffset();
        OptionalLong seek = offset;
        if (timestamp.isPresent()) {
            OptionalLong found = broker.offsetForTimestamp(p, timestamp.getAsLong());
            seek = OptionalLong.of(found.isPresent() ? found.getAsLong() : end);
        }
        return order.equals("oldest")
                ? oldestFirst(topic, p, Math.max(start, seek.orElse(start)), limit)
                : newestFirst(topic, p, Math.min(end - 1, seek.orElse(end - 1)), limit);
    }

    private MessagePage oldestFirst(TopicLog topic, PartitionLog p, long from, int limit) {
        long end = p.logEndOffset();
        List<MessageView> out = new ArrayList<>();
        long next = from;
        while (out.size() < limit && next < end) {
            List<StoredRecord> records = broker.readRecords(p, next, READ_BYTES);
            if (records.isEmpty()) {
                break;
            }
            for (Iterator<StoredRecord> it = records.iterator(); it.hasNext() && out.size() < limit;) {
                StoredRecord r = it.next();
                out.add(MessageView.of(r));
                next = r.offset() + 1;
            }
            if (out.size() < limit) {
                next = Math.max(next, records.get(records.size() - 1).offset() + 1);
            }
        }
        return new MessagePage(topic.name(), p.partition(), "oldest", p.logStartOffset(), end, out, next, next < end);
    }

    /** Records from {@code upTo} down, newest first: reads the window below it forwards, then reverses. */
    private MessagePage newestFirst(TopicLog topic, PartitionLog p, long upTo, int limit) {
        long start = p.logStartOffset();
        long from = Math.max(start, upTo - limit + 1);
        List<MessageView> out = new ArrayList<>();
        long next = from;
        while (next <= upTo) {
            List<StoredRecord> records = broker.readRecords(p, next, READ_BYTES);
            if (records.isEmpty()) {
                break;
            }
            for (StoredRecord r : records) {
                if (r.offset() <= upTo) {
                    out.add(MessageView.of(r));
                }
            }
            next = records.get(records.size() - 1).offset() + 1;
        }
        Collections.reverse(out);
        long older = from - 1;
        return new MessagePage(topic.name(), p.partition(), "newest", start, p.logEndOffset(), out, Math.max(older, start - 1),
                upTo >= start && from > start);
    }

    /**
     * Body {@code {"message": "...", "key": "...", "headers": {"k": "v"}, "partition": 0}}; message and
     * key may be base64 with {@code "encoding"}/{@code "keyEncoding": "base64"}. Answers after the
     * record is durably committed.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<Response> publish(@PathParam("name") String name, JsonNode body) {
        String topicName = Inputs.topicName(name);
        caller.require(AclOperation.WRITE, ResourceType.TOPIC, topicName, "publish to topic '" + topicName + "'");
        Inputs.object(body);
        TopicLog topic = broker.requireTopic(topicName);
        byte[] value = Inputs.bytes(body, "message", "encoding", true);
        byte[] key = Inputs.bytes(body, "key", "keyEncoding", false);
        List<Header> headers = headers(body.get("headers"));
        int partition = Inputs.integer(body, "partition", 0, Integer.MAX_VALUE).orElseGet(() -> broker.choosePartition(topic, key));
        PartitionLog p = topic.partition(partition);
        return broker.append(p, List.of(new Record(key, value, headers, -1))).thenApply(r -> {
            metrics.published("rest", topic.name(), 1);
            return Response.status(201).entity(new Published(r.topic(), r.partition(), r.baseOffset(), r.timestamp())).build();
        });
    }

    private static List<Header> headers(JsonNode node) {
        List<Header> headers = new ArrayList<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            throw ConsoleException.badRequest("field 'headers' must be an object of string values");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isNull() && !v.isTextual()) {
                throw ConsoleException.badRequest("header '" + e.getKey() + "' must be a string or null");
            }
            headers.add(new Header(e.getKey(), v.isNull() ? null : v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return headers;
    }
}
