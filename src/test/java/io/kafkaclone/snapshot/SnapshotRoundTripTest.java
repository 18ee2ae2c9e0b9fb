package io.kafkaclone.snapshot;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkaclone.core.AppendResult;
import io.kafkaclone.core.Broker;
import io.kafkaclone.core.Header;
import io.kafkaclone.core.PartitionLog;
import io.kafkaclone.core.Record;
import io.kafkaclone.core.Storage;
import io.kafkaclone.core.StoredRecord;
import io.kafkaclone.core.TopicLog;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/** Export, wipe, import: every record, offset and committed offset comes back identical. */
@QuarkusTest
@TestProfile(FreshBrokerProfile.class)
class SnapshotRoundTripTest {

    @Inject
    Broker broker;

    @Inject
    SnapshotService snapshots;

    @Inject
    ObjectMapper mapper;

    @Inject
    Scheduler scheduler;

    private static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer " + FreshBrokerProfile.TOKEN);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<StoredRecord> all(PartitionLog p) {
        List<StoredRecord> out = new ArrayList<>();
        long next = p.logStartOffset();
        while (next < p.logEndOffset()) {
            List<StoredRecord> page = broker.readRecords(p, next, 256 * 1024);
            out.addAll(page);
            next = page.get(page.size() - 1).offset() + 1;
        }
        return out;
    }

    private static String describe(StoredRecord r) {
        StringBuilder b = new StringBuilder().append(r.offset()).append('|').append(r.timestamp()).append('|')
                .append(java.util.Arrays.toString(r.key())).append('|').append(java.util.Arrays.toString(r.value()));
        for (Header h : r.headers()) {
            b.append('|').append(h.key()).append('=').append(java.util.Arrays.toString(h.value()));
        }
        return b.toString();
    }

    private Map<String, List<String>> contents() {
        Map<String, List<String>> out = new HashMap<>();
        for (TopicLog t : broker.topics()) {
            for (PartitionLog p : t.partitions()) {
                List<String> rs = new ArrayList<>();
                rs.add("end=" + p.logEndOffset());
                all(p).forEach(r -> rs.add(describe(r)));
                out.put(p.topicPartition().toString(), rs);
            }
        }
        return out;
    }

    private Map<String, String> offsets() {
        Map<String, String> out = new HashMap<>();
        for (String g : broker.groupNames()) {
            for (Storage.CommittedOffset c : broker.committedOffsets(g)) {
                out.put(g + "/" + c.topic() + "/" + c.partition(), c.offset() + "/" + c.metadata());
            }
        }
        return out;
    }

    private void wipe() {
        for (TopicLog t : broker.topics()) {
            authorized().delete("/api/topics/" + t.name()).then().statusCode(204);
        }
        assertThat(broker.topics()).isEmpty();
        assertThat(broker.groupNames()).isEmpty();
    }

    @Test
    void exportWipeImportGivesBackTheSameBroker() throws Exception {
        wipe();
        TopicLog mixed = broker.createTopic("orders.v1", 3);
        byte[] binary = { (byte) 0xc3, (byte) 0x28, 0, (byte) 0xff };
        List<CompletableFuture<AppendResult>> fs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] key = i % 3 == 0 ? null : utf8("key-" + i);
            byte[] value = i % 5 == 0 ? binary : i % 7 == 0 ? new byte[0] : utf8("order ✓ " + i);
            List<Header> headers = i % 2 == 0 ? List.of(new Header("trace", utf8("t" + i)), new Header("bin", binary), new Header("nil", null))
                    : List.of();
            fs.add(broker.append(mixed.partition(i % 3), List.of(new Record(key, value, headers, 1_650_000_000_000L + i))));
        }
        TopicLog bulk = broker.createTopic("bulk_topic-2", 1);
        String kb = "x".repeat(1000);
        for (int i = 0; i < 3000; i += 100) {
            List<Record> batch = new ArrayList<>();
            for (int j = i; j < i + 100; j++) {
                batch.add(new Record(utf8("k" + j), utf8(j + kb), List.of(), -1));
            }
            fs.add(broker.append(bulk.partition(0), batch));
        }
        broker.createTopic("empty", 2);
        CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        broker.commitOffset("billing", mixed.partition(0).topicPartition(), 4, "m1", false).get(30, TimeUnit.SECONDS);
        broker.commitOffset("billing", mixed.partition(2).topicPartition(), 0, null, false).get(30, TimeUnit.SECONDS);
        broker.commitOffset("loader", bulk.partition(0).topicPartition(), 1500, "half", false).get(30, TimeUnit.SECONDS);

        Map<String, List<String>> before = contents();
        Map<String, String> offsetsBefore = offsets();
        assertThat(before.get("bulk_topic-2-0")).hasSize(3001);

        String id = authorized().post("/api/snapshots").then().statusCode(201)
                .body("messages", equalTo(3030)).body("topics.size()", equalTo(3)).body("groups.size()", equalTo(2))
                .extract().path("id");
        Path folder = snapshots.folder().resolve(id);
        assertThat(folder.resolve("manifest.json")).isRegularFile();
        assertThat(folder.resolve("topics/orders.v1/partition-2.json")).isRegularFile();
        try (Stream<Path> names = Files.list(snapshots.folder())) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
        }
        JsonNode part = mapper.readTree(folder.resolve("topics/bulk_topic-2/partition-0.json").toFile());
        assertThat(part.get("records")).hasSize(3000);
        assertThat(part.get("messages").asLong()).isEqualTo(3000);

        authorized().post("/api/snapshots/" + id + "/import").then().statusCode(409).body("error", equalTo("BROKER_NOT_EMPTY"));

        wipe();
        authorized().post("/api/snapshots/" + id + "/import").then().statusCode(200)
                .body("topics", equalTo(3)).body("messages", equalTo(3030)).body("offsets", equalTo(3));

        assertThat(contents()).isEqualTo(before);
        assertThat(offsets()).isEqualTo(offsetsBefore);
        assertThat(broker.requireTopic("empty").partitionCount()).isEqualTo(2);
        // the restored log goes on where it stopped
        AppendResult next = broker.append(broker.requireTopic("bulk_topic-2").partition(0),
                List.of(new Record(null, utf8("after"), List.of(), -1))).get(30, TimeUnit.SECONDS);
        assertThat(next.baseOffset()).isEqualTo(3000);
        wipe();
    }

    @Test
    void snapshotDuringWritesIsAConsistentCut() throws Exception {
        TopicLog t = broker.createTopic("busy-" + System.nanoTime(), 2);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (!stop.get()) {
                broker.append(t.partition(i % 2), List.of(new Record(null, utf8("m" + i), List.of(), -1))).join();
                i++;
            }
        });
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> t.messageCount() > 50);
            Manifest m = snapshots.create();
            Manifest.TopicEntry entry = m.topics().stream().filter(e -> e.name().equals(t.name())).findFirst().orElseThrow();
            for (Manifest.PartitionEntry p : entry.partitions()) {
                JsonNode records = mapper.readTree(snapshots.folder().resolve(m.id()).resolve(p.file()).toFile()).get("records");
                assertThat(records.size()).isEqualTo(p.logEndOffset() - p.logStartOffset()).isEqualTo(p.messages());
                for (int i = 0; i < records.size(); i++) {
                    assertThat(records.get(i).get("offset").asLong()).isEqualTo(p.logStartOffset() + i);
                }
            }
        } finally {
            stop.set(true);
            writer.get(30, TimeUnit.SECONDS);
            broker.deleteTopic(t.name());
        }
    }

    @Test
    void keepsOnlyTheNewestSnapshots() {
        // the schedule's start-up run must not slip in between the snapshots taken here
        awaitFirstScheduledRun();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(snapshots.create().id());
        }
        List<String> listed = authorized().get("/api/snapshots").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(listed).containsExactly(ids.get(3), ids.get(2), ids.get(1));
        assertThat(snapshots.folder().resolve(ids.get(0))).doesNotExist();
        given().get("/api/snapshots/" + ids.get(3)).then().statusCode(200).body("format", equalTo(Manifest.FORMAT));
    }

    @Test
    void scheduledSnapshotsRunWhenAnIntervalIsSet() {
        awaitFirstScheduledRun();
    }

    private void awaitFirstScheduledRun() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Optional.ofNullable(scheduler.getScheduledJob("kafka-clone-snapshots"))
                .map(j -> j.getPreviousFireTime() != null).orElse(false));
    }

    @Test
    void badSnapshotRequestsAreProblems() {
        authorized().get("/api/snapshots/..").then().statusCode(404);
        authorized().get("/api/snapshots/.tmp-x").then().statusCode(400).body("error", equalTo("INVALID_ID"));
        authorized().get("/api/snapshots/a%2F..%2F..").then().statusCode(400).body("error", equalTo("INVALID_ID"));
        authorized().get("/api/snapshots/no-such-snapshot").then().statusCode(404).body("error", equalTo("UNKNOWN_SNAPSHOT"));
        authorized().post("/api/snapshots/no-such-snapshot/import").then().statusCode(404).body("error", equalTo("UNKNOWN_SNAPSHOT"));
        authorized().post("/api/snapshots/bad.id/import").then().statusCode(400).body("error", equalTo("INVALID_ID"));
        // the token guards every mutating request in this profile
        given().post("/api/snapshots").then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer wrong").post("/api/topics").then().statusCode(401);
        given().get("/api/snapshots").then().statusCode(200);
    }
}
