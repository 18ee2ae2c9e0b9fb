package io.kafkaclone.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Turns the background retention job on (every second) with small trim transactions (3 chunks), so
 * tests can watch it delete. The broker-wide retention stays unlimited: only topics a test gives a
 * retention lose records, never other tests' topics in the shared test database.
 */
public class RetentionTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kafka-clone.retention.check-interval", "1s",
                "kafka-clone.retention.ms", "-1",
                "kafka-clone.retention.delete-chunks-per-transaction", "3");
    }
}
