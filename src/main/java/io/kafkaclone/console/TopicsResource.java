package io.kafkaclone.console;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.ResourceType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Topic inspection and administration. Runs on worker threads: sizes are summed in the database. */
@Tag(name = "Topics", description = "Create, inspect and delete topics")
@Path("/api/topics")
@Produces(MediaType.APPLICATION_JSON)
public class TopicsResource {

    /** A topic in the list; first/last offset span all partitions (null while the topic is empty). */
    public record TopicSummary(String name, int partitions, long messages, Long firstOffset, Long lastOffset, long sizeBytes) {
    }

    public record PartitionDetail(int partition, long logStartOffset, long logEndOffset, long messages, long sizeBytes) {
    }

    public record TopicDetail(String name, UUID topicId, long createdAt, int partitionCount, long messages, long sizeBytes,
            List<PartitionDetail> partitions) {
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
            out.add(new TopicSummary(t.name(), t.partitionCount(), t.messageCount(), first, last, size));
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
        return new TopicDetail(t.name(), t.topicId(), t.createdAt(), t.partitionCount(), t.messageCount(), size, parts);
    }

    /** Body {@code {"name": "...", "partitions": 3}}; partitions defaults to the broker's default. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) {
        Inputs.object(body);
        String name = Inputs.topicName(Inputs.text(body, "name", true));
        caller.requireCreateTopic(name);
        int partitions = Inputs.integer(body, "partitions", 1, 10_000).orElse(broker.settings().defaultPartitions());
        TopicLog t = broker.createTopic(name, partitions);
        return Response.status(201).entity(detail(t)).build();
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
