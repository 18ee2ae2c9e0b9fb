package io.kafkaclone.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.RequestUtils;
import org.apache.kafka.common.message.ApiMessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kafkaclone.line.LineServer;
import io.kafkaclone.testing.LineClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * Throws malformed input at a running broker through both doors: random bytes, valid Kafka requests
 * (built with kafka-clients' message classes) with flipped, inserted, deleted or overwritten bytes,
 * wrong API keys and versions, lying frame lengths, truncated and oversize frames; and line-protocol
 * lines that are mutated requests, invalid JSON, wrong field types, deep nesting, unicode junk and
 * invalid UTF-8. Every case runs on its own connection, which the broker must close within a
 * deadline once the client hangs up (no hang); after every batch a normal publish and consume must
 * still work on both doors; and nothing may be logged at ERROR, nor an exception escape to Vert.x.
 *
 * <p>Deterministic: the seed is fixed ({@code -Dfuzz.seed}); {@code -Dfuzz.cases} sets the number of
 * cases per door (README "Fuzzing" has the long run).
 */
@QuarkusTest
@TestProfile(ProtocolFuzzTest.SmallLimits.class)
class ProtocolFuzzTest {
    private static final int CASES = Integer.getInteger("fuzz.cases", 1500);
    private static final long SEED = Long.getLong("fuzz.seed", 7_2026_1130L);
    private static final int BATCH = 250;
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_FRAME = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Small limits so oversize lines and frames are cheap to send. */
    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka-clone.line.max-line-bytes", String.valueOf(MAX_LINE),
                    "kafka-clone.kafka.max-frame-bytes", String.valueOf(MAX_FRAME),
                    "kafka-clone.max-message-bytes", String.valueOf(8 * 1024));
        }
    }

    @Inject
    KafkaServer kafka;
    @Inject
    LineServer line;

    private final List<String> badLogs = Collections.synchronizedList(new ArrayList<>());
    private final Handler logWatch = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
            boolean error = r.getLevel().intValue() >= Level.SEVERE.intValue();
            // a handler that threw is answered with an error response, but it is still a bug the fuzzer should report
            boolean crashedHandler = r.getThrown() != null && r.getLevel().intValue() >= Level.WARNING.intValue()
                    && (logger.startsWith("io.kafkaclone") || logger.startsWith("io.vertx") || logger.startsWith("io.netty"));
            if (error || crashedHandler) {
                badLogs.add(r.getLevel() + " " + logger + ": " + r.getMessage()
                        + (r.getThrown() == null ? "" : " / " + r.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void watchLog() {
        Logger.getLogger("").addHandler(logWatch);
        // the watch must really see the broker's log, or "no error logged" would prove nothing
        org.jboss.logging.Logger.getLogger("io.kafkaclone.fuzz").error("log watch self-check");
        assertThat(badLogs).singleElement().asString().contains("log watch self-check");
        badLogs.clear();
    }

    @AfterEach
    void unwatchLog() {
        Logger.getLogger("").removeHandler(logWatch);
    }

    // ------------------------------------------------------------------ running a case

    /** Sends the bytes, hangs up, and waits for the broker to close; returns a description of a hang, or null. */
    private static String run(int port, byte[] bytes, String what) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            s.setSoLinger(true, 0);
            try {
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                return null; // the broker closed first: fine
            }
            InputStream in = s.getInputStream();
            byte[] sink = new byte[8192];
            try {
                while (in.read(sink) >= 0) {
                    // drain whatever the broker answers until it closes
                }
            } catch (SocketTimeoutException e) {
                return "connection not closed 15 s after the client hung up: " + what;
            } catch (IOException e) {
                return null; // reset: closed
            }
        }
        return null;
    }

    private void assertHealthy(Random seedOf, KafkaProducer<String, String> producer, KafkaConsumer<String, String> consumer,
            String kafkaTopic, List<String> kafkaSent) throws Exception {
        String value = "health-" + seedOf.nextLong();
        producer.send(new ProducerRecord<>(kafkaTopic, value)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        kafkaSent.add(value);
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!got.contains(value) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                got.add(r.value());
            }
        }
        assertThat(got).as("kafka consume after a fuzz batch").contains(value);

        try (LineClient c = new LineClient(line.actualPort())) {
            String topic = "fuzz-health-line";
            JsonNode published = c.requestOk(LineClient.publish(topic, value));
            c.requestOk(LineClient.op("consume").put("topic", topic).put("consumer", "health-" + value).put("from",
                    published.get("offset").asLong()));
            JsonNode delivery = c.nextDelivery(LineClient.WAIT);
            assertThat(delivery).as("line delivery after a fuzz batch").isNotNull();
            assertThat(delivery.get("message").asText()).isEqualTo(value);
        }
    }

    @Test
    void malformedInputOnBothDoorsNeverCrashesHangsOrStopsTheBroker() throws Exception {
        Random rnd = new Random(SEED);
        String kafkaTopic = KafkaTestClients.unique("fuzz-health");
        List<String> hangs = new ArrayList<>();
        List<String> kafkaSent = new ArrayList<>();
        int kafkaCases = 0;
        int lineCases = 0;
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(kafka);
                KafkaConsumer<String, String> consumer = KafkaTestClients.consumer(kafka, "fuzz-health")) {
            producer.send(new ProducerRecord<>(kafkaTopic, "first")).get(30, java.util.concurrent.TimeUnit.SECONDS);
            consumer.assign(List.of(new TopicPartition(kafkaTopic, 0)));
            while (kafkaCases < CASES || lineCases < CASES) {
                for (int i = 0; i < BATCH; i++) {
                    if (kafkaCases < CASES) {
                        KafkaCase k = kafkaCase(rnd);
                        kafkaCases++;
                        String hang = run(kafka.actualPort(), k.bytes, "kafka case " + kafkaCases + " " + k.what);
                        if (hang != null) {
                            hangs.add(hang);
                        }
                    }
                    if (lineCases < CASES) {
                        LineCase l = lineCase(rnd);
                        lineCases++;
                        String hang = run(line.actualPort(), l.bytes, "line case " + lineCases + " " + l.what);
                        if (hang != null) {
                            hangs.add(hang);
                        }
                    }
                }
                assertHealthy(rnd, producer, consumer, kafkaTopic, kafkaSent);
                assertThat(hangs).as("hangs").isEmpty();
                assertThat(badLogs).as("errors logged during fuzzing").isEmpty();
            }
        }
        System.out.printf("fuzz: seed %d, %d kafka cases and %d line cases in %d ms, no hang, no error logged%n", SEED,
                kafkaCases, lineCases, (System.nanoTime() - started) / 1_000_000);
    }

    // ------------------------------------------------------------------ Kafka cases

    private record KafkaCase(byte[] bytes, String what) {
    }

    private static KafkaCase kafkaCase(Random rnd) {
        int kind = rnd.nextInt(10);
        if (kind == 0) {
            byte[] junk = randomBytes(rnd, rnd.nextInt(300));
            return new KafkaCase(junk, "random bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder what = new StringBuilder();
        int frames = 1 + rnd.nextInt(3);
        for (int f = 0; f < frames; f++) {
            ApiKeys key = randomKey(rnd);
            short version = randomVersion(rnd, key);
            byte[] request = validRequest(rnd, key, version, f);
            String mutation = kind <= 2 ? "intact" : mutate(rnd, request);
            if (!mutation.equals("intact")) {
                request = lastMutation;
            }
            int length = request.length;
            String framing = "";
            int lie = rnd.nextInt(12);
            if (lie == 0) {
                length = request.length + 1 + rnd.nextInt(50); // announces more than it sends: truncated
                framing = " truncated";
            } else if (lie == 1) {
                length = Math.max(1, request.length - 1 - rnd.nextInt(Math.max(1, request.length))); // cuts the request short
                framing = " short";
            } else if (lie == 2) {
                length = new int[] { -1, 0, Integer.MIN_VALUE, Integer.MAX_VALUE, MAX_FRAME + 1 }[rnd.nextInt(5)];
                framing = " length " + length;
            } else if (lie == 3 && f == 0) {
                request = java.util.Arrays.copyOf(request, MAX_FRAME + 1 + rnd.nextInt(100)); // oversize frame, really sent
                length = request.length;
                framing = " oversize";
            }
            out.writeBytes(ByteBuffer.allocate(4).putInt(length).array());
            out.writeBytes(request);
            what.append(key).append(" v").append(version).append(' ').append(mutation).append(framing).append("; ");
        }
        return new KafkaCase(out.toByteArray(), what.toString());
    }

    private static ApiKeys randomKey(Random rnd) {
        List<ApiKeys> keys = new ArrayList<>(SupportedApis.ranges().keySet());
        return keys.get(rnd.nextInt(keys.size()));
    }

    private static short randomVersion(Random rnd, ApiKeys key) {
        SupportedApis.Range r = SupportedApis.ranges().get(key);
        return (short) (r.min() + rnd.nextInt(r.max() - r.min() + 1));
    }

    /** A request kafka-clients itself would send (mostly default field values; Produce, Fetch and Metadata with content). */
    private static byte[] validRequest(Random rnd, ApiKeys key, short version, int correlationId) {
        ApiMessage data = ApiMessageType.fromApiKey(key.id).newRequest();
        if (data instanceof ProduceRequestData p) {
            SimpleRecord[] records = new SimpleRecord[1 + rnd.nextInt(3)];
            for (int i = 0; i < records.length; i++) {
                records[i] = new SimpleRecord(randomBytes(rnd, 4), randomBytes(rnd, rnd.nextInt(64)));
            }
            ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName("fuzz-kafka");
            t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(rnd.nextInt(2))
                    .setRecords(MemoryRecords.withRecords(Compression.NONE, records)));
            p.setAcks((short) (rnd.nextInt(3) - 1)).setTimeoutMs(1000).topicData().add(t);
        } else if (data instanceof FetchRequestData fetch) {
            FetchRequestData.FetchTopic t = new FetchRequestData.FetchTopic().setTopic("fuzz-kafka")
                    .setTopicId(org.apache.kafka.common.Uuid.randomUuid());
            t.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(rnd.nextInt(5))
                    .setPartitionMaxBytes(1 << 20));
            fetch.setMaxWaitMs(rnd.nextInt(200)).setMinBytes(1).setMaxBytes(1 << 20).topics().add(t);
        } else if (data instanceof MetadataRequestData m) {
            m.setTopics(new ArrayList<>(List.of(new MetadataRequestData.MetadataRequestTopic().setName("fuzz-kafka"))));
        }
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("fuzz");
        try {
            ByteBuffer b = RequestUtils.serialize(header, key.requestHeaderVersion(version), data, version);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (RuntimeException e) {
            // a default value some version cannot carry: ApiVersions v0 always serialises
            return validRequest(rnd, ApiKeys.API_VERSIONS, (short) 0, correlationId);
        }
    }

    private static byte[] lastMutation;

    /** Applies one to three mutations; the result is left in {@link #lastMutation}. */
    private static String mutate(Random rnd, byte[] request) {
        byte[] b = request.clone();
        StringBuilder what = new StringBuilder();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int op = rnd.nextInt(8);
            int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
            switch (op) {
                case 0 -> {
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << rnd.nextInt(8));
                    }
                    what.append("flip@").append(at);
                }
                case 1 -> {
                    if (b.length > 0) {
                        b[at] = (byte) rnd.nextInt(256);
                    }
                    what.append("set@").append(at);
                }
                case 2 -> {
                    byte[] ins = randomBytes(rnd, 1 + rnd.nextInt(16));
                    b = concat(java.util.Arrays.copyOfRange(b, 0, at), ins, java.util.Arrays.copyOfRange(b, at, b.length));
                    what.append("insert@").append(at);
                }
                case 3 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    b = concat(java.util.Arrays.copyOfRange(b, 0, at), java.util.Arrays.copyOfRange(b, at + len, b.length));
                    what.append("delete@").append(at);
                }
                case 4 -> {
                    b = java.util.Arrays.copyOf(b, at);
                    what.append("truncate@").append(at);
                }
                case 5 -> {
                    if (b.length >= 2) {
                        short k = (short) (rnd.nextBoolean() ? rnd.nextInt(100) : rnd.nextInt(65536));
                        b[0] = (byte) (k >> 8);
                        b[1] = (byte) k;
                    }
                    what.append("apikey");
                }
                case 6 -> {
                    if (b.length >= 4) {
                        short v = (short) (rnd.nextBoolean() ? rnd.nextInt(20) : rnd.nextInt(65536));
                        b[2] = (byte) (v >> 8);
                        b[3] = (byte) v;
                    }
                    what.append("version");
                }
                default -> {
                    // a length or count field made huge or negative
                    if (b.length >= 4) {
                        int pos = rnd.nextInt(b.length - 3);
                        int v = new int[] { -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x7fff, 0xffff, 1 << 24 }[rnd.nextInt(6)];
                        ByteBuffer.wrap(b, pos, 4).putInt(v);
                        what.append("int@").append(pos).append('=').append(v);
                    }
                }
            }
            what.append(',');
        }
        lastMutation = b;
        return what.toString();
    }

    // ------------------------------------------------------------------ line cases

    private record LineCase(byte[] bytes, String what) {
    }

    private static LineCase lineCase(Random rnd) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder what = new StringBuilder();
        int lines = 1 + rnd.nextInt(4);
        for (int i = 0; i < lines; i++) {
            int kind = rnd.nextInt(10);
            byte[] lineBytes;
            switch (kind) {
                case 0 -> {
                    lineBytes = randomBytes(rnd, rnd.nextInt(200));
                    what.append("random bytes");
                }
                case 1 -> {
                    lineBytes = validLine(rnd).getBytes(StandardCharsets.UTF_8);
                    what.append("valid");
                }
                case 2 -> {
                    lineBytes = wrongTypes(rnd).getBytes(StandardCharsets.UTF_8);
                    what.append("wrong types");
                }
                case 3 -> {
                    byte[] valid = validLine(rnd).getBytes(StandardCharsets.UTF_8);
                    what.append("mutated ").append(mutate(rnd, valid));
                    lineBytes = lastMutation;
                }
                case 4 -> {
                    lineBytes = unicodeJunk(rnd);
                    what.append("unicode junk");
                }
                case 5 -> {
                    String[] broken = { "{", "}", "{\"op\":", "{\"op\":\"publish\",", "[]", "null", "42", "\"publish\"",
                            "{\"op\":\"publish\"}{\"op\":\"ping\"}", "{\"op\":\"ping\",}", "{'op':'ping'}", "{\"op\":\"ping\"", "\u0000",
                            "{\"op\":\"publish\",\"topic\":\"t\",\"message\":\"\\ud800\"}", "{\"id\":1e999999,\"op\":\"ping\"}",
                            "{\"op\":\"consume\",\"topic\":\"fuzz-line\",\"consumer\":\"c\",\"from\":-1}" };
                    lineBytes = broken[rnd.nextInt(broken.length)].getBytes(StandardCharsets.UTF_8);
                    what.append("invalid JSON");
                }
                case 6 -> {
                    int depth = 500 + rnd.nextInt(3000);
                    lineBytes = ("{\"op\":\"publish\",\"topic\":\"fuzz-line\",\"message\":\"x\",\"headers\":" + "[".repeat(depth)
                            + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
                    what.append("nesting ").append(depth);
                }
                case 7 -> {
                    lineBytes = new byte[MAX_LINE + 1 + rnd.nextInt(2 * MAX_LINE)];
                    java.util.Arrays.fill(lineBytes, (byte) 'a');
                    what.append("oversize line");
                }
                default -> {
                    lineBytes = validLine(rnd).replace("\"", rnd.nextBoolean() ? "" : "\\").getBytes(StandardCharsets.UTF_8);
                    what.append("broken quoting");
                }
            }
            out.writeBytes(lineBytes);
            out.writeBytes(rnd.nextInt(8) == 0 ? "\r\n".getBytes(StandardCharsets.UTF_8) : "\n".getBytes(StandardCharsets.UTF_8));
            what.append("; ");
        }
        return new LineCase(out.toByteArray(), what.toString());
    }

    private static String validLine(Random rnd) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", rnd.nextInt(1000));
        String topic = "fuzz-line" + (rnd.nextInt(4) == 0 ? "-" + rnd.nextInt(3) : "");
        switch (rnd.nextInt(6)) {
            case 0 -> {
                n.put("op", "publish").put("topic", topic).put("message", randomText(rnd, rnd.nextInt(40)));
                if (rnd.nextBoolean()) {
                    n.put("key", randomText(rnd, 5));
                }
                if (rnd.nextBoolean()) {
                    n.putObject("headers").put(randomText(rnd, 3), randomText(rnd, 3));
                }
                if (rnd.nextInt(4) == 0) {
                    n.put("partition", rnd.nextInt(3) - 1);
                }
            }
            case 1 -> n.put("op", "consume").put("topic", topic).put("consumer", "fuzz-" + rnd.nextInt(3))
                    .put("from", new String[] { "earliest", "latest", "committed" }[rnd.nextInt(3)]).put("auto_ack", rnd.nextBoolean());
            case 2 -> n.put("op", "ack").put("topic", topic).put("consumer", "fuzz-" + rnd.nextInt(3)).put("partition", rnd.nextInt(2))
                    .put("offset", rnd.nextInt(10) - 1);
            case 3 -> n.put("op", "create").put("topic", topic + "-" + rnd.nextInt(1000)).put("partitions", rnd.nextInt(4));
            case 4 -> n.put("op", "topics");
            default -> n.put("op", "ping");
        }
        return n.toString();
    }

    /** A valid request whose fields have the wrong JSON types or absurd values. */
    private static String wrongTypes(Random rnd) {
        ObjectNode n = (ObjectNode) readTree(validLine(rnd));
        List<String> fields = new ArrayList<>();
        n.fieldNames().forEachRemaining(fields::add);
        fields.add("headers");
        fields.add("from");
        fields.add("partitions");
        int changes = 1 + rnd.nextInt(3);
        for (int i = 0; i < changes; i++) {
            String field = fields.get(rnd.nextInt(fields.size()));
            switch (rnd.nextInt(9)) {
                case 0 -> n.putNull(field);
                case 1 -> n.put(field, rnd.nextBoolean());
                case 2 -> n.put(field, rnd.nextLong());
                case 3 -> n.put(field, rnd.nextDouble() * 1e300);
                case 4 -> n.putArray(field).add(1).add("x");
                case 5 -> n.putObject(field).put("a", 1).putObject("b");
                case 6 -> n.put(field, new java.math.BigInteger(200, rnd));
                case 7 -> n.put(field, randomText(rnd, 10));
                default -> n.remove(field);
            }
        }
        return n.toString();
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unicodeJunk(Random rnd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("{\"op\":\"publish\",\"topic\":\"fuzz-line\",\"message\":\"".getBytes(StandardCharsets.UTF_8));
        int n = rnd.nextInt(40);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(4)) {
                case 0 -> b.writeBytes(new String(Character.toChars(rnd.nextInt(0x10FFFF + 1) & ~0x800 | (rnd.nextBoolean() ? 0 : 0x800)))
                        .getBytes(StandardCharsets.UTF_8)); // any code point (surrogates end up as '?')
                case 1 -> b.write(0x80 + rnd.nextInt(0x80)); // a lone continuation byte
                case 2 -> b.writeBytes(new byte[] { (byte) 0xC0, (byte) 0xAF }); // overlong encoding
                default -> b.writeBytes(("\\u" + String.format("%04x", rnd.nextInt(0x10000))).getBytes(StandardCharsets.UTF_8));
            }
        }
        b.writeBytes(("\",\"key\":\"" + randomText(rnd, 3) + "\"}").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static String randomText(Random rnd, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) (rnd.nextInt(3) == 0 ? rnd.nextInt(0x3000) : 'a' + rnd.nextInt(26)));
        }
        return s.toString();
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
