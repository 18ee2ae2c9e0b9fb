package io.kafkaclone.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-topic settings known by their Kafka names: the broker defaults, plus overrides a topic got at
 * creation or later (Kafka CreateTopics / IncrementalAlterConfigs, the console). Overrides are stored
 * ({@link Storage#saveTopicConfigs}) before they take effect, and kept in memory for the hot paths.
 */
public final class TopicConfigs {
    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";

    /** The settings a topic can override, in the order they are described. */
    public static final List<String> SETTABLE = List.of(MAX_MESSAGE_BYTES, RETENTION_BYTES, RETENTION_MS);

    /**
     * Kafka topic configs this broker has but cannot change: accepted when they ask for what the broker
     * does anyway (tools pass e.g. cleanup.policy=delete on create), refused otherwise.
     */
    public static final Map<String, String> FIXED = fixed();

    /** Where a described value comes from. */
    public enum Source {
        /** set on the topic */
        TOPIC,
        /** the broker default (configuration file) */
        DEFAULT,
        /** fixed by what this broker is */
        FIXED
    }

    public record Value(String name, String value, Source source) {
    }

    private final Storage storage;
    private final RetentionSettings retention;
    private final int brokerMaxMessageBytes;
    private final Map<Long, Map<String, String>> overrides = new ConcurrentHashMap<>();

    TopicConfigs(Storage storage, RetentionSettings retention, int brokerMaxMessageBytes) {
        this.storage = storage;
        this.retention = retention;
        this.brokerMaxMessageBytes = brokerMaxMessageBytes;
        storage.loadTopicConfigs().forEach((id, map) -> overrides.put(id, Map.copyOf(map)));
    }

    private static Map<String, String> fixed() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cleanup.policy", "delete");
        m.put("compression.type", "producer");
        m.put("message.timestamp.type", "CreateTime");
        m.put("min.insync.replicas", "1");
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The value to store for a settable config, normalised; null for a fixed config asked at its own value
     * (nothing to store).
     *
     * @throws BrokerException INVALID_CONFIG for an unknown name, a value out of range or a fixed config asked otherwise
     */
    public static String validate(String name, String value) {
        if (name == null) {
            throw invalid("a config name is required");
        }
        String fixed = FIXED.get(name);
        if (fixed != null) {
            if (value != null && fixed.equalsIgnoreCase(value.trim())) {
                return null;
            }
            throw invalid("topic config '" + name + "' is fixed at '" + fixed + "' on this broker, got '" + value + "'");
        }
        if (!SETTABLE.contains(name)) {
            throw invalid("unknown or unsupported topic config '" + name + "' (settable: " + String.join(", ", SETTABLE) + ")");
        }
        if (value == null) {
            throw invalid("topic config '" + name + "' needs a value");
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw invalid("topic config '" + name + "' must be an integer, got '" + value + "'");
        }
        long max = name.equals(MAX_MESSAGE_BYTES) ? Integer.MAX_VALUE : Long.MAX_VALUE;
        long min = name.equals(MAX_MESSAGE_BYTES) ? 0 : -1;
        if (n < min || n > max) {
            throw invalid("topic config '" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return Long.toString(n);
    }

    /** Validates a whole set (as a create brings); returns what is to be stored. */
    public static Map<String, String> validateAll(Map<String, String> configs) {
        Map<String, String> out = new TreeMap<>();
        configs.forEach((name, value) -> {
            String v = validate(name, value);
            if (v != null) {
                out.put(name, v);
            }
        });
        return out;
    }

    private static BrokerException invalid(String message) {
        return new BrokerException(ErrorCode.INVALID_CONFIG, message);
    }

    /** The broker default of a settable config. */
    public String defaultValue(String name) {
        return switch (name) {
            case RETENTION_MS -> Long.toString(retention.retentionMs());
            case RETENTION_BYTES -> Long.toString(retention.retentionBytes());
            case MAX_MESSAGE_BYTES -> Integer.toString(brokerMaxMessageBytes);
            default -> FIXED.get(name);
        };
    }

    /** Every config of the topic (settable then fixed ones), with where its value comes from. */
    public List<Value> describe(TopicLog topic) {
        Map<String, String> own = overrides(topic);
        List<Value> out = new ArrayList<>();
        for (String name : SETTABLE) {
            String v = own.get(name);
            out.add(v != null ? new Value(name, v, Source.TOPIC) : new Value(name, defaultValue(name), Source.DEFAULT));
        }
        FIXED.forEach((name, value) -> out.add(new Value(name, value, Source.FIXED)));
        out.sort(java.util.Comparator.comparing(Value::name));
        return out;
    }

    /** The topic's own overrides (empty when it uses every default). */
    public Map<String, String> overrides(TopicLog topic) {
        return overrides.getOrDefault(topic.storageId(), Map.of());
    }

    public long retentionMs(TopicLog topic) {
        return number(topic, RETENTION_MS);
    }

    public long retentionBytes(TopicLog topic) {
        return number(topic, RETENTION_BYTES);
    }

    public int maxMessageBytes(TopicLog topic) {
        String v = overrides(topic).get(MAX_MESSAGE_BYTES);
        return v == null ? brokerMaxMessageBytes : Integer.parseInt(v);
    }

    private long number(TopicLog topic, String name) {
        String v = overrides(topic).get(name);
        return Long.parseLong(v != null ? v : defaultValue(name));
    }

    /**
     * Sets (value) or removes (null value: back to the default) overrides of a topic; all are validated
     * before any is applied, and they are stored before they take effect.
     *
     * @throws BrokerException INVALID_CONFIG, UNKNOWN_TOPIC
     */
    public void alter(TopicLog topic, Map<String, String> changes) {
        alter(topic, changes, false);
    }

    /** As {@link #alter(TopicLog, Map)}; with validateOnly nothing is stored or changed. */
    public synchronized void alter(TopicLog topic, Map<String, String> changes, boolean validateOnly) {
        Map<String, String> next = new TreeMap<>(overrides(topic));
        changes.forEach((name, value) -> {
            if (value == null) {
                if (!SETTABLE.contains(name) && !FIXED.containsKey(name)) {
                    throw invalid("unknown or unsupported topic config '" + name + "' (settable: " + String.join(", ", SETTABLE) + ")");
                }
                next.remove(name);
            } else {
                String v = validate(name, value);
                if (v != null) {
                    next.put(name, v);
                }
            }
        });
        if (topic.isDeleted()) {
            throw new BrokerException(ErrorCode.UNKNOWN_TOPIC, "topic '" + topic.name() + "' does not exist");
        }
        if (validateOnly) {
            return;
        }
        storage.saveTopicConfigs(topic.storageId(), next);
        overrides.put(topic.storageId(), Map.copyOf(next));
    }

    /** Stores the validated configs of a topic that was just created. */
    synchronized void created(TopicLog topic, Map<String, String> validated) {
        if (!validated.isEmpty()) {
            storage.saveTopicConfigs(topic.storageId(), validated);
            overrides.put(topic.storageId(), Map.copyOf(validated));
        }
    }

    void forget(TopicLog topic) {
        overrides.remove(topic.storageId());
    }
}
