package io.kafkaclone.snapshot;

import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A broker on its own empty database (import needs an empty broker), with console writes behind a
 * token, three kept snapshots and an hourly schedule.
 */
public class FreshBrokerProfile implements QuarkusTestProfile {
    public static final String TOKEN = "snapshot-test-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kafka-clone.data-dir", "./target/fresh-broker-data/" + UUID.randomUUID(),
                "kafka-clone.console.token", TOKEN,
                "kafka-clone.snapshot.keep", "3",
                "kafka-clone.snapshot.interval", "1h");
    }
}
