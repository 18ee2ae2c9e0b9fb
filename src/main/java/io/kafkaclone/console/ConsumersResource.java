package io.kafkaclone.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.ConsumerGroups;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.ResourceType;
import io.kafkaclone.metrics.GroupLag;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Consumer groups (line-protocol and Kafka): members, committed offsets, lag, and offset resets. */
@Tag(name = "Consumer groups", description = "Committed offsets, lag and resets")
@Path("/api/consumers")
@Produces(MediaType.APPLICATION_JSON)
public class ConsumersResource {
    static final int MAX_GROUP_NAME = 255;

    public record MemberView(String memberId, String clientInfo, String topic, Set<Integer> partitions) {
    }

    public record OffsetView(String topic, int partition, long committedOffset, long logEndOffset, long lag, String metadata,
            long commitTime) {
    }

    /** {@code state} is "active" while it has live broker-managed members, else "empty". */
    public record GroupView(String name, String state, List<MemberView> members, List<OffsetView> offsets, long totalLag) {
    }

    public record ResetResult(String group, String topic, List<OffsetView> offsets) {
    }

    @Inject
    Broker broker;
    @Inject
    ConsoleCaller caller;

    @GET
    public List<GroupView> list() {
        List<GroupView> out = new ArrayList<>();
        for (String g : broker.groupNames()) {
            if (caller.may(AclOperation.DESCRIBE, ResourceType.GROUP, g)) {
                out.add(view(g));
            }
        }
        return out;
    }

    @GET
    @Path("/{name}")
    public GroupView get(@PathParam("name") String name) {
        groupName(name);
        caller.require(AclOperation.DESCRIBE, ResourceType.GROUP, name, "describe consumer group '" + name + "'");
        if (!broker.groupNames().contains(name)) {
            throw ConsoleException.notFound("UNKNOWN_GROUP", "consumer group '" + name + "' has no members and no committed offsets");
        }
        return view(name);
    }

    private GroupView view(String group) {
        List<MemberView> members = new ArrayList<>();
        for (ConsumerGroups.MemberView m : broker.groups().members(group)) {
            members.add(new MemberView(m.memberId(), m.clientInfo(), m.topic(), m.partitions()));
        }
        List<OffsetView> offsets = new ArrayList<>();
        long total = 0;
        for (GroupLag l : GroupLag.of(broker, group)) {
            if (!caller.may(AclOperation.DESCRIBE, ResourceType.TOPIC, l.topic())) {
                continue; // as Kafka's OffsetFetch: offsets of topics the caller may not describe are left out
            }
            offsets.add(offsetView(l));
            total += l.lag();
        }
        return new GroupView(group, members.isEmpty() ? "empty" : "active", members, offsets, total);
    }

    private static OffsetView offsetView(GroupLag l) {
        return new OffsetView(l.topic(), l.partition(), l.committedOffset(), l.logEndOffset(), l.lag(), l.metadata(), l.commitTime());
    }

    /**
     * Body {@code {"topic": "t", "to": "earliest" | "latest" | 42, "partition": 0}} (all partitions
     * when partition is absent). Refused with 409 while the group has live members, who would
     * overwrite the reset with their next commit.
     */
    @POST
    @Path("/{name}/reset")
    @Consumes(MediaType.APPLICATION_JSON)
    public CompletionStage<ResetResult> reset(@PathParam("name") String name, JsonNode body) {
        groupName(name);
        Inputs.object(body);
        String topicName = Inputs.topicName(Inputs.text(body, "topic", true));
        // a reset is an offset commit: READ on the group and on the topic, as Kafka's OffsetCommit
        caller.require(AclOperation.READ, ResourceType.GROUP, name, "reset offsets of consumer group '" + name + "'");
        caller.require(AclOperation.READ, ResourceType.TOPIC, topicName, "reset offsets on topic '" + topicName + "'");
        TopicLog topic = broker.requireTopic(topicName);
        JsonNode to = body.get("to");
        if (to == null || !(to.isTextual() || to.isIntegralNumber())) {
            throw ConsoleException.badRequest("field 'to' must be \"earliest\", \"latest\" or an offset number");
        }
        if (to.isTextual() && !to.asText().equals("earliest") && !to.asText().equals("latest")) {
            throw ConsoleException.badRequest("field 'to' must be \"earliest\", \"latest\" or an offset number, got \"" + to.asText() + "\"");
        }
        List<PartitionLog> partitions = new ArrayList<>();
        Inputs.integer(body, "partition", 0, Integer.MAX_VALUE).ifPresentOrElse(p -> partitions.add(topic.partition(p)),
                () -> partitions.addAll(topic.partitions()));
        if (!broker.groups().members(name).isEmpty()) {
            throw ConsoleException.conflict("GROUP_ACTIVE", "consumer group '" + name + "' has live members; stop them before resetting");
        }
        List<long[]> targets = new ArrayList<>();
        for (PartitionLog p : partitions) {
            long offset = target(p, to);
            targets.add(new long[] { p.partition(), offset });
        }
        List<CompletableFuture<Void>> commits = new ArrayList<>();
        for (long[] t : targets) {
            commits.add(broker.commitOffset(name, topic.partition((int) t[0]).topicPartition(), t[1], null, false));
        }
        return CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<OffsetView> offsets = new ArrayList<>();
            for (GroupLag l : GroupLag.of(broker, name)) {
                if (l.topic().equals(topic.name())) {
                    offsets.add(offsetView(l));
                }
            }
            return new ResetResult(name, topic.name(), offsets);
        });
    }

    private static long target(PartitionLog p, JsonNode to) {
        if (to.isTextual()) {
            return to.asText().equals("earliest") ? p.logStartOffset() : p.logEndOffset();
        }
        long offset = to.asLong();
        if (!to.canConvertToLong() || offset < p.logStartOffset() || offset > p.logEndOffset()) {
            throw new ConsoleException(400, "OFFSET_OUT_OF_RANGE", "offset " + to + " is outside partition " + p.partition()
                    + "'s range " + p.logStartOffset() + ".." + p.logEndOffset());
        }
        return offset;
    }

    private static void groupName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_GROUP_NAME) {
            throw ConsoleException.badRequest("a consumer group name has 1 to " + MAX_GROUP_NAME + " characters");
        }
    }
}
