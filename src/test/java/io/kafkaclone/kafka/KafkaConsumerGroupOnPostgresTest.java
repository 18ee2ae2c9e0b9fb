package io.kafkaclone.kafka;

import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every {@link KafkaConsumerGroupTest} scenario again, with the log stored in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class KafkaConsumerGroupOnPostgresTest extends KafkaConsumerGroupTest {
}
