package io.kafkaclone.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.Storage;

/**
 * What one committed transaction changed, as the payload of a PostgreSQL NOTIFY on {@link #CHANNEL}:
 * {@code {"p":[[topicId,partition,nextOffset],...],"o":[[group,topic,partition,offset,metadata,time],...],"t":1}}.
 * A payload that would pass PostgreSQL's 8000-byte limit becomes {@code {"r":1}}: re-read everything.
 */
public final class ClusterEvents {
    public static final String CHANNEL = "kafka_clone_log";
    /** Sent by a broker whose line consumers changed: the others re-read the shared membership at once. */
    static final String LINE_MEMBERS_CHANGED = "{\"m\":1}";
    /** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
    static final int MAX_PAYLOAD_BYTES = 7900;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Last next-offset per partition: a transaction may reserve on one partition several times. */
    private final Map<List<Long>, Long> appended = new LinkedHashMap<>();
    private final List<Storage.CommittedOffset> committed = new ArrayList<>();
    private boolean topicsChanged;

    public void appended(long topicId, int partition, long nextOffset) {
        appended.merge(List.of(topicId, (long) partition), nextOffset, Math::max);
    }

    public void committed(Storage.CommittedOffset offset) {
        committed.add(offset);
    }

    public void topicsChanged() {
        topicsChanged = true;
    }

    public boolean isEmpty() {
        return appended.isEmpty() && committed.isEmpty() && !topicsChanged;
    }

    /** The NOTIFY payloads announcing this (one, unless empty). */
    public List<String> payloads() {
        if (isEmpty()) {
            return List.of();
        }
        ObjectNode root = JSON.createObjectNode();
        if (!appended.isEmpty()) {
            ArrayNode p = root.putArray("p");
            appended.forEach((key, next) -> p.addArray().add(key.get(0)).add(key.get(1).intValue()).add(next));
        }
        if (!committed.isEmpty()) {
            ArrayNode o = root.putArray("o");
            for (Storage.CommittedOffset c : committed) {
                o.addArray().add(c.group()).add(c.topic()).add(c.partition()).add(c.offset()).add(c.metadata()).add(c.commitTime());
            }
        }
        if (topicsChanged) {
            root.put("t", 1);
        }
        String payload = root.toString();
        if (payload.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            payload = "{\"r\":1}";
        }
        return List.of(payload);
    }

    /** Applies a payload another broker (or this one) sent. Runs on the cluster link thread; may block on storage. */
    static void apply(String payload, Broker broker) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable cluster notification: " + payload, e);
        }
        if (root.has("r")) {
            broker.refreshTopicsFromStorage();
            broker.reloadCommittedOffsets();
            return;
        }
        if (root.has("t")) {
            broker.refreshTopicsFromStorage();
        }
        for (JsonNode p : root.path("p")) {
            broker.appendedElsewhere(p.get(0).asLong(), p.get(1).asInt(), p.get(2).asLong());
        }
        for (JsonNode o : root.path("o")) {
            broker.committedElsewhere(new Storage.CommittedOffset(o.get(0).asText(), o.get(1).asText(), o.get(2).asInt(),
                    o.get(3).asLong(), o.get(4).isNull() ? null : o.get(4).asText(), o.get(5).asLong()));
        }
    }
}
