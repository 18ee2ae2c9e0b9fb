package io.kafkaclone.store;

import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TwoWritersOnePartitionTest} on PostgreSQL, where brokers sharing a database will run. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class TwoWritersOnePartitionOnPostgresTest extends TwoWritersOnePartitionTest {
}
