package io.kafkaclone.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.TopicLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The broker's Prometheus metrics (served at {@code /q/metrics}). Doors call the counting methods;
 * each takes a {@code door} tag ({@code line}, {@code kafka}, {@code rest}). Per-topic and per-group
 * gauges are recomputed from the broker's in-memory state on a short schedule (no database reads).
 *
 * <p>A singleton, not application-scoped: the counting methods run once per produce request on the log writer's
 * thread, and a client proxy looked the bean up in its context on every call (with the counter lookup below, 2.7 %
 * of the writer in a 1 KiB produce profile, docs/performance.md).
 */
@Startup
@Singleton
public class BrokerMetrics {
    @Inject
    MeterRegistry registry;

    @Inject
    Broker broker;

    private final Map<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    /** Counters by door, then by topic: two lookups of strings whose hashes the strings cache. */
    private final Map<String, Map<String, Counter>> publishedCounters = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Counter>> consumedCounters = new ConcurrentHashMap<>();
    private MultiGauge groupLag;
    private MultiGauge topicMessages;

    @PostConstruct
    void register() {
        Gauge.builder("kafka.clone.commits", broker, Broker::commitCount)
                .description("Transactions committed by the log writer").register(registry);
        Gauge.builder("kafka.clone.writes.queued", broker, Broker::queuedWrites)
                .description("Appends and offset commits waiting for the next group commit").register(registry);
        Gauge.builder("kafka.clone.topics", broker, b -> b.topicsView().size()).description("Topics").register(registry);
        FunctionCounter.builder("kafka.clone.read.cache.hits", broker, b -> b.chunkCacheStats().hits())
                .description("Log reads (Fetch, line consumers) answered from the in-memory chunk cache").register(registry);
        FunctionCounter.builder("kafka.clone.read.cache.misses", broker, b -> b.chunkCacheStats().misses())
                .description("Log reads the chunk cache could not answer, read from the database").register(registry);
        Gauge.builder("kafka.clone.read.cache.bytes", broker, b -> b.chunkCacheStats().cachedBytes())
                .description("Payload bytes held by the chunk cache").baseUnit("bytes").register(registry);
        groupLag = MultiGauge.builder("kafka.clone.consumer.lag")
                .description("Log end offset minus the group's committed offset, per partition").register(registry);
        topicMessages = MultiGauge.builder("kafka.clone.topic.messages")
                .description("Records stored per topic").register(registry);
        refresh();
    }

    /** Records published through a door. */
    public void published(String door, String topic, long count) {
        counter(publishedCounters, "kafka.clone.messages.published", door, topic).increment(count);
    }

    /** Records delivered to consumers through a door. */
    public void consumed(String door, String topic, long count) {
        counter(consumedCounters, "kafka.clone.messages.consumed", door, topic).increment(count);
    }

    /** Called per publish and per delivery batch: meters are looked up once, not rebuilt from tags each time. */
    private Counter counter(Map<String, Map<String, Counter>> byDoor, String name, String door, String topic) {
        Map<String, Counter> byTopic = byDoor.computeIfAbsent(door, d -> new ConcurrentHashMap<>());
        Counter counter = byTopic.get(topic);
        return counter != null ? counter
                : byTopic.computeIfAbsent(topic, t -> Counter.builder(name).tags("door", door, "topic", t).register(registry));
    }

    public void connectionOpened(String door) {
        connectionGauge(door).incrementAndGet();
    }

    public void connectionClosed(String door) {
        connectionGauge(door).decrementAndGet();
    }

    private AtomicInteger connectionGauge(String door) {
        return connections.computeIfAbsent(door, d -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("kafka.clone.connections", value, AtomicInteger::get).tags("door", d)
                    .description("Open client connections").register(registry);
            return value;
        });
    }

    /** Recomputes the per-group lag and per-topic gauges (also run on a schedule). */
    @Scheduled(every = "${kafka-clone.metrics.refresh-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void refresh() {
        List<MultiGauge.Row<?>> lags = new ArrayList<>();
        for (String group : broker.groupNames()) {
            for (GroupLag l : GroupLag.of(broker, group)) {
                lags.add(MultiGauge.Row.of(Tags.of("group", group, "topic", l.topic(), "partition", Integer.toString(l.partition())),
                        l.lag()));
            }
        }
        groupLag.register(lags, true);
        List<MultiGauge.Row<?>> topics = new ArrayList<>();
        for (TopicLog t : broker.topics()) {
            topics.add(MultiGauge.Row.of(Tags.of("topic", t.name()), t.messageCount()));
        }
        topicMessages.register(topics, true);
    }
}
