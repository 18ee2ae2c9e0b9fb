package io.kafkaclone.core;

import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every {@link BrokerLogTest} scenario again, with the log stored in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class BrokerLogOnPostgresTest extends BrokerLogTest {
}
