package io.kafkaclone.console;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerException;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.TopicConfigs;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.ResourceType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Topic inspection and administration. Runs on worker threads: sizes are summed in the database. */
@Tag(name = "Topics", description = "Create, inspect and delete topics")
@Path("/api/topics")
@Produces(MediaType.APPLICATION_JSON)
public class TopicsResource {

    /**
     * A topic in the list; first/last offset span all partitions (null while the topic is empty);
     * retention in effect (-1: unlimited).
     */
    public record TopicSummary(String name, int partitions, long messages, Long firstOffset, Long lastOffset, long sizeBytes,
            long retentionMs, long retentionBytes) {
    }

    public record PartitionDetail(int partition, long logStartOffset, long logEndOffset, long messages, long sizeBytes) {
    }

    /** A topic setting by its Kafka name; source TOPIC (set on the topic), DEFAULT (broker default) or FIXED. */
    public record ConfigValue(String name, String value, String source) {
    }

    public record TopicDetail(String name, UUID topicId, long createdAt, int partitionCount, long messages, long sizeBytes,
            List<PartitionDetail> partitions, List<ConfigValue> configs) {
    }

    /** What a delete-records request left: the partition's new log start. */
    public record RecordsDeleted(String topic, int partition, long logStartOffset, long logEndOffset) {
    }

    @Inject
    Broker broker;
    @Inject
    ConsoleCaller caller;

    @GET
    public List<TopicSummary> list() {
        List<TopicSummary> out = new ArrayList<>();
        for (TopicLog t : broker.topics()) {
            if (!caller.may(AclOperation.DESCRIBE, ResourceType.TOPIC, t.name())) {
                continue; // as Kafka's Metadata: topics the caller may not describe are not listed
            }
            Long first = null;
            Long last = null;
            long size = 0;
            for (PartitionLog p : t.partitions()) {
                if (p.logEndOffset() > p.logStartOffset()) {
                    first = first == null ? p.logStartOffset() : Math.min(first, p.logStartOffset());
                    last = last == null ? p.logEndOffset() - 1 : Math.max(last, p.logEndOffset() - 1);
                }
                size += broker.sizeInBytes(p);
            }
            out.add(new TopicSummary(t.name(), t.partitionCount(), t.messageCount(), first, last, size,
                    broker.topicConfigs().retentionMs(t), broker.topicConfigs().retentionBytes(t)));
        }
        return out;
    }

    @GET
    @Path("/{name}")
    public TopicDetail get(@PathParam("name") String name) {
        String topic = Inputs.topicName(name);
        caller.require(AclOperation.DESCRIBE, ResourceType.TOPIC, topic, "describe topic '" + topic + "'");
        return detail(broker.requireTopic(topic));
    }

    private TopicDetail detail(TopicLog t) {
        List<PartitionDetail> parts = new ArrayList<>();
        long size = 0;
        for (PartitionLog p : t.partitions()) {
            long bytes = broker.sizeInBytes(p);
            size += bytes;
            parts.add(new PartitionDetail(p.partition(), p.logStartOffset(), p.logEndOffset(),
                    p.logEndOffset() - p.logStartOffset(), bytes));
        }
        List<ConfigValue> configs = new ArrayList<>();
        for (TopicConfigs.Value v : broker.topicConfigs().describe(t)) {
            configs.add(new ConfigValue(v.name(), v.value(), v.source().name()));
        }
        return new TopicDetail(t.name(), t.topicId(), t.createdAt(), t.partitionCount(), t.messageCount(), size, parts, configs);
    }

    /**
     * Body {@code {"name": "...", "partitions": 3, "configs": {"retention.ms": 3600000}}}; partitions
     * defaults to the broker's default, configs to none (the broker defaults apply).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        Inputs.object(body);
        String name = Inputs.topicName(Inputs.text(body, "name", true));
        caller.requireCreateTopic(name);
        int partitions = Inputs.integer(body, "partitions", 1, 10_000).orElse(broker.settings().defaultPartitions());
        Map<String, String> configs = body.has("configs") && !body.get("configs").isNull() ? configChanges(body.get("configs"), false)
                : Map.of();
        TopicLog t = broker.createTopic(name, partitions, configs);
        return Response.status(201).entity(detail(t)).build();
    }

    /**
     * Changes topic settings by their Kafka names: {@code {"retention.ms": 60000, "retention.bytes": null}}
     * (a number or numeric string sets the value, null returns to the broker default). All or nothing.
     */
    @PATCH
    @Path("/{name}/configs")
    @Consumes(MediaType.APPLICATION_JSON)
    public TopicDetail alterConfigs(@PathParam("name") String name, JsonNode body) {
        String topic = Inputs.topicName(name);
        caller.require(AclOperation.ALTER_CONFIGS, ResourceType.TOPIC, topic, "alter the configs of topic '" + topic + "'");
        TopicLog t = broker.requireTopic(topic);
        broker.topicConfigs().alter(t, configChanges(Inputs.object(body), true));
        return detail(t);
    }

    /**
     * Deletes a partition's records below {@code before} (Kafka's DeleteRecords): the log start moves
     * there and readers never see the records below it again. {@code before} may be the log end (all).
     */
    @DELETE
    @Path("/{name}/partitions/{partition}/records")
    public RecordsDeleted deleteRecords(@PathParam("name") String name, @PathParam("partition") String partition,
            @QueryParam("before") String before) {
        String topic = Inputs.topicName(name);
        caller.require(AclOperation.DELETE, ResourceType.TOPIC, topic, "delete records of topic '" + topic + "'");
        TopicLog t = broker.requireTopic(topic);
        int p = (int) Inputs.longParam("partition", partition, 0, Integer.MAX_VALUE).orElseThrow(
                () -> ConsoleException.badRequest("a partition number is required"));
        PartitionLog log = t.partition(p);
        long offset = Inputs.longParam("before", before, 0, Long.MAX_VALUE).orElseThrow(
                () -> ConsoleException.badRequest("query parameter 'before' (an offset) is required"));
        try {
            long start = broker.deleteRecordsBefore(log, offset).get(60, TimeUnit.SECONDS);
            return new RecordsDeleted(t.name(), p, start, log.logEndOffset());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof BrokerException be ? be : new BrokerException(io.kafkaclone.core.ErrorCode.STORAGE_ERROR,
                    "delete records failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConsoleException(503, "TIMEOUT", "deleting records took longer than 60 s; it continues in the background");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsoleException(503, "INTERRUPTED", "interrupted");
        }
    }

    /** A JSON object of config name to a number, a string or (when nullAllowed) null. */
    private static Map<String, String> configChanges(JsonNode configs, boolean nullAllowed) {
        if (!configs.isObject()) {
            throw ConsoleException.badRequest("configs must be a JSON object of name to value, got " + configs.getNodeType().name().toLowerCase());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull() && nullAllowed) {
                out.put(e.getKey(), null);
            } else if (v.isIntegralNumber() || v.isTextual()) {
                out.put(e.getKey(), v.asText());
            } else {
                throw ConsoleException.badRequest("config '" + e.getKey() + "' must be an integer or a string"
                        + (nullAllowed ? " (null: back to the default)" : "") + ", got " + v);
            }
        }
        if (out.isEmpty() && nullAllowed) {
            throw ConsoleException.badRequest("no configs given");
        }
        return out;
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        String topic = Inputs.topicName(name);
        caller.require(AclOperation.DELETE, ResourceType.TOPIC, topic, "delete topic '" + topic + "'");
        broker.deleteTopic(topic);
        return Response.noContent().build();
    }
}
