package io.kafkaclone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** On H2 the database file is fsynced in the background, again and again, and each flush is timed. */
@QuarkusTest
class DatabaseFileFlusherTest {

    @Inject
    MeterRegistry registry;

    @Test
    void theDatabaseFileIsFlushedRepeatedly() {
        Timer flushes = registry.find("kafka_clone_storage_flush").timer();
        assertThat(flushes).as("flush timer registered").isNotNull();
        long before = flushes.count();
        // the default interval is 250 ms: a few flushes within seconds
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> flushes.count() >= before + 3);
        assertThat(flushes.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
    }
}
