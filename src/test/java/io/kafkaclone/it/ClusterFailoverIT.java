package io.kafkaclone.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import io.kafkaclone.testing.LineClient;
import io.kafkaclone.testing.PostgresTestProfile;

/**
 * Three packaged brokers (the PostgreSQL build) on one fresh PostgreSQL database, in cluster mode:
 * a producer bootstrapped at each, a consumer group of three spread over them, and {@code kill -9}
 * of the broker coordinating the group mid-run. Every acknowledged record must still be there,
 * each offset of each partition held by exactly one record (checked in the database's chunk rows),
 * and the group must rebalance on the survivors and consume everything acknowledged. The brokers
 * re-read the database only when notified (the periodic safety-net re-read is pushed out of the way).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailoverIT {

    private static final int PARTITIONS = 6;
    private static final int KILL_AFTER_ACKS = 4_000;
    private static final int ACKS_AFTER_REBALANCE = 4_000;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    /** One cluster for both tests (starting a broker is the slow part); the fail-over test, which kills one, runs last. */
    private static final List<PackagedBroker> brokers = new ArrayList<>();
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();
    private final AtomicBoolean producing = new AtomicBoolean(true);
    private final AtomicBoolean consuming = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        // notifications only: the periodic re-read is pushed out of the way so that it cannot hide a lost wake-up
        startBrokers(3, "-Dkafka-clone.cluster.heartbeat-interval-ms=500", "-Dkafka-clone.cluster.session-timeout-ms=3000",
                "-Dkafka-clone.cluster.refresh-interval-ms=600000");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (PackagedBroker b : brokers) {
            if (b.isAlive()) {
                b.stop(Duration.ofSeconds(30));
            }
            b.close();
        }
        brokers.clear();
    }

    @AfterEach
    void tearDown() throws Exception {
        producing.set(false);
        consuming.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the broker it talked to may be gone
            }
        }
    }

    @Test
    @Order(2)
    void threeBrokersOneDatabaseSurviveKillOfTheCoordinator() throws Exception {
        String all = brokers.stream().map(b -> "127.0.0.1:" + b.kafkaPort().getAsInt()).collect(Collectors.joining(","));
        String topic = "cluster-" + UUID.randomUUID();
        String group = "cluster-group-" + UUID.randomUUID();

        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, all));
        clients.add(admin);
        Awaitility.await("Metadata lists all three brokers").atMost(DEADLINE)
                .until(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == 3);
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);

        // consumers first, each bootstrapped at another broker
        Map<String, Integer> consumed = new ConcurrentHashMap<>();
        Map<TopicPartition, Set<Integer>> assigned = new ConcurrentHashMap<>();
        for (int i = 0; i < 3; i++) {
            startConsumer(i, brokerAddress(i), topic, group, consumed, assigned);
        }
        // producers, each bootstrapped at another broker; acked value -> partition/offset
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicLong failedSends = new AtomicLong();
        for (int i = 0; i < 3; i++) {
            startProducer(i, brokerAddress(i), topic, acked, failedSends);
        }

        Awaitility.await("acknowledged before the kill").atMost(DEADLINE).until(() -> acked.size() >= KILL_AFTER_ACKS);
        Awaitility.await("the group has formed with three members").atMost(DEADLINE).until(() -> groupStable(admin, group, 3, -1));
        int coordinator = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).coordinator().id();
        PackagedBroker victim = brokerWithNode(admin, coordinator);
        int ackedAtKill = acked.size();
        long killedAt = System.nanoTime();
        victim.kill();

        // a survivor's admin client: the victim's address would only time out
        Admin survivorAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.stream().filter(b -> b != victim)
                .map(b -> "127.0.0.1:" + b.kafkaPort().getAsInt()).collect(Collectors.joining(","))));
        clients.add(survivorAdmin);
        Awaitility.await("the group rebalances on a surviving coordinator").atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> groupStable(survivorAdmin, group, 3, coordinator) && coversAll(assigned));
        long rebalanceMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

        Awaitility.await("producers keep going on the survivors").atMost(DEADLINE).until(() -> acked.size() >= ackedAtKill + ACKS_AFTER_REBALANCE);
        producing.set(false);
        for (Thread t : threads.subList(3, 6)) {
            t.join(DEADLINE.toMillis());
        }
        Set<String> ackedValues = Set.copyOf(acked.keySet());
        Awaitility.await("the group consumes every acknowledged record").atMost(DEADLINE)
                .until(() -> consumed.keySet().containsAll(ackedValues));

        // what the log holds, read back through a survivor from the beginning
        Map<String, Integer> present = readAll(survivorAdmin, brokers.stream().filter(b -> b != victim).findFirst().orElseThrow(), topic);
        long duplicated = present.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        assertThat(present.keySet()).as("acknowledged records lost").containsAll(ackedValues);
        assertOffsetsGapFreeAndUnique(topic);
        // the producers are idempotent (the client's default): a batch the victim committed but could not
        // acknowledge is retried on a survivor, which must find it in the log, even under a producer id it
        // handed out itself (75 and 85 duplicates in two runs before ProducerStates recovered those too)
        assertThat(duplicated).as("records stored twice after the producers moved").isZero();

        System.out.printf("cluster fail-over: brokers=3 partitions=%d acked=%d (at kill %d) present=%d duplicated=%d"
                + " send-failures=%d rebalance-after-kill=%d ms consumed=%d%n", PARTITIONS, ackedValues.size(), ackedAtKill,
                present.size(), duplicated, failedSends.get(), rebalanceMs, consumed.size());
    }

    /**
     * Line consumers wait for an append notification and never poll the database: with the periodic
     * re-read pushed out of the way, a consumer on one broker only gets a record published on another
     * (to a topic that other broker created) when the NOTIFY reached it.
     */
    @Test
    @Order(1)
    void lineConsumerOnOneBrokerIsWokenByAPublishOnAnother() throws Exception {
        String topic = "wake-" + UUID.randomUUID();
        try (LineClient publisher = new LineClient(brokers.get(1).linePort());
                LineClient consumer = new LineClient(brokers.get(0).linePort())) {
            publisher.requestOk(LineClient.publish(topic, "first")); // auto-creates the topic on broker 1
            Awaitility.await("broker 0 learns the topic broker 1 created").atMost(DEADLINE)
                    .until(() -> consumer.request(LineClient.consume(topic, "wake-group")).path("ok").asBoolean());
            assertThat(consumer.nextDelivery(LineClient.WAIT).path("message").asText()).isEqualTo("first");
            for (int i = 0; i < 3; i++) {
                publisher.requestOk(LineClient.publish(topic, "later-" + i));
                assertThat(consumer.nextDelivery(LineClient.WAIT).path("message").asText()).isEqualTo("later-" + i);
            }

            // one line group, a member on each broker: they split the partitions as both brokers compute it
            String split = "split-" + UUID.randomUUID();
            String group = "split-group";
            publisher.requestOk(LineClient.op("create").put("topic", split).put("partitions", 2));
            try (LineClient onZero = new LineClient(brokers.get(0).linePort()); LineClient onOne = new LineClient(brokers.get(1).linePort())) {
                Awaitility.await("broker 0 knows the new topic").atMost(DEADLINE)
                        .until(() -> onZero.request(LineClient.consume(split, group)).path("ok").asBoolean());
                onOne.requestOk(LineClient.consume(split, group));
                Awaitility.await("the members on the two brokers own one partition each").atMost(DEADLINE)
                        .until(() -> {
                            Set<Integer> zero = linePartitions(brokers.get(0), group);
                            Set<Integer> one = linePartitions(brokers.get(1), group);
                            return zero.size() == 1 && one.size() == 1 && !zero.equals(one);
                        });
                int zeroOwns = linePartitions(brokers.get(0), group).iterator().next();
                for (int i = 0; i < 10; i++) {
                    publisher.requestOk(LineClient.publish(split, "m" + i).put("partition", i % 2));
                }
                for (var d : onZero.deliveries(5)) {
                    assertThat(d.path("partition").asInt()).isEqualTo(zeroOwns);
                }
                for (var d : onOne.deliveries(5)) {
                    assertThat(d.path("partition").asInt()).isEqualTo(1 - zeroOwns);
                }
            }
        }
    }

    /** The partitions a line group's members on this broker own, from the console API. */
    private static Set<Integer> linePartitions(PackagedBroker broker, String group) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + broker.httpPort() + "/api/consumers/" + group)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Set<Integer> out = new java.util.TreeSet<>();
        if (response.statusCode() == 200) {
            for (var m : new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("members")) {
                m.path("partitions").forEach(p -> out.add(p.asInt()));
            }
        }
        return out;
    }

    /** Starts n PostgreSQL brokers in cluster mode on this JVM's fresh database (each claims a node id). */
    private static void startBrokers(int n, String... extra) {
        List<String> args = new ArrayList<>(List.of("-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.datasource.jdbc.url=" + PostgresTestProfile.databaseUrl(),
                "-Dquarkus.datasource.username=" + System.getProperty("kafka-clone.test.postgres.user", "postgres"),
                "-Dkafka-clone.cluster.enabled=true"));
        String password = System.getProperty("kafka-clone.test.postgres.password", "");
        if (!password.isEmpty()) {
            args.add("-Dquarkus.datasource.password=" + password);
        }
        args.addAll(List.of(extra));
        // one after the other: on a small machine starting them together only makes each slower
        for (int i = 0; i < n; i++) {
            brokers.add(PackagedBroker.startPostgresqlApp(PackagedBroker.newDataDir("cluster-" + i), args.toArray(String[]::new)));
        }
    }

    private String brokerAddress(int i) {
        return "127.0.0.1:" + brokers.get(i).kafkaPort().getAsInt();
    }

    private PackagedBroker brokerWithNode(Admin admin, int nodeId) throws Exception {
        int port = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().filter(n -> n.id() == nodeId).findFirst()
                .orElseThrow().port();
        return brokers.stream().filter(b -> b.kafkaPort().getAsInt() == port).findFirst().orElseThrow();
    }

    private static boolean groupStable(Admin admin, String group, int members, int notCoordinator) {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
            return d.groupState() == GroupState.STABLE && d.members().size() == members && d.coordinator().id() != notCoordinator;
        } catch (Exception e) {
            return false; // coordinator moving: ask again
        }
    }

    private static boolean coversAll(Map<TopicPartition, Set<Integer>> assigned) {
        return assigned.size() == PARTITIONS && assigned.values().stream().allMatch(owners -> owners.size() == 1);
    }

    private void startConsumer(int i, String bootstrap, String topic, String group, Map<String, Integer> consumed,
            Map<TopicPartition, Set<Integer>> assigned) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cluster-consumer-" + i);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        clients.add(consumer);
        Thread t = new Thread(() -> {
            consumer.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> assigned.computeIfPresent(tp, (k, owners) -> {
                        owners.remove(i);
                        return owners.isEmpty() ? null : owners;
                    }));
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    partitions.forEach(tp -> assigned.computeIfAbsent(tp, k -> ConcurrentHashMap.newKeySet()).add(i));
                }
            });
            while (consuming.get()) {
                try {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
                    for (ConsumerRecord<String, String> r : records) {
                        consumed.merge(r.value(), 1, Integer::sum);
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync(Duration.ofSeconds(10));
                    }
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    // commit refused while the group rebalances or its coordinator moves: poll again
                }
            }
        }, "cluster-consumer-" + i);
        threads.add(t);
        t.start();
    }

    private void startProducer(int i, String bootstrap, String topic, Map<String, String> acked, AtomicLong failed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "cluster-producer-" + i);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        clients.add(producer);
        Thread t = new Thread(() -> {
            long n = 0;
            while (producing.get()) {
                String value = "p" + i + "-" + n++;
                producer.send(new ProducerRecord<>(topic, value, value), (md, e) -> {
                    if (e == null) {
                        acked.put(value, md.partition() + "@" + md.offset());
                    } else {
                        failed.incrementAndGet();
                    }
                });
                if (n % 500 == 0) {
                    producer.flush(); // bounded in flight, so the kill lands among fresh acknowledgements
                }
            }
            producer.flush();
        }, "cluster-producer-" + i);
        threads.add(t);
        t.start();
    }

    private Map<String, Integer> readAll(Admin admin, PackagedBroker survivor, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + survivor.kafkaPort().getAsInt());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Integer> values = new HashMap<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            reader.assign(tps);
            reader.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = reader.endOffsets(tps);
            Awaitility.await("read back to the end").atMost(DEADLINE).until(() -> {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                    values.merge(r.value(), 1, Integer::sum);
                }
                return tps.stream().allMatch(tp -> reader.position(tp) >= ends.get(tp));
            });
        }
        return values;
    }

    /** The stored chunks of each partition tile [0, next_offset) exactly: no offset twice, none missing. */
    private static void assertOffsetsGapFreeAndUnique(String topic) throws Exception {
        try (Connection c = PostgresTestProfile.connect();
                PreparedStatement ps = c.prepareStatement("select p.partition_no, p.next_offset, c.base_offset, c.last_offset, c.record_count"
                        + " from topic t join topic_partition p on p.topic_id = t.id"
                        + " left join log_chunk c on c.topic_id = p.topic_id and c.partition_no = p.partition_no"
                        + " where t.name = ? order by p.partition_no, c.base_offset")) {
            ps.setString(1, topic);
            Map<Integer, Long> expectedNext = new HashMap<>();
            Map<Integer, Long> ends = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int partition = rs.getInt(1);
                    ends.put(partition, rs.getLong(2));
                    long next = expectedNext.getOrDefault(partition, 0L);
                    if (rs.getObject(3) == null) {
                        continue;
                    }
                    long base = rs.getLong(3);
                    long last = rs.getLong(4);
                    assertThat(base).as("partition %d: chunk starts where the previous one ended", partition).isEqualTo(next);
                    assertThat(last - base + 1).as("partition %d: chunk at %d holds its offset span", partition, base)
                            .isEqualTo(rs.getInt(5));
                    expectedNext.put(partition, last + 1);
                }
            }
            assertThat(ends).hasSize(PARTITIONS);
            ends.forEach((partition, end) -> assertThat(expectedNext.getOrDefault(partition, 0L))
                    .as("partition %d: chunks reach the log end", partition).isEqualTo(end));
        }
    }
}
