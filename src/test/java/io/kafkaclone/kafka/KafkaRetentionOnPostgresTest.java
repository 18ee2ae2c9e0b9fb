package io.kafkaclone.kafka;

import io.kafkaclone.testing.RetentionOnPostgresProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link KafkaRetentionTest} on PostgreSQL: the trim transactions, chunk metadata and topic_config rows there. */
@QuarkusTest
@TestProfile(RetentionOnPostgresProfile.class)
class KafkaRetentionOnPostgresTest extends KafkaRetentionTest {
}
