package io.kafkaclone.line;

import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every {@link LineProtocolTest} scenario again, with the log stored in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class LineProtocolOnPostgresTest extends LineProtocolTest {
}
