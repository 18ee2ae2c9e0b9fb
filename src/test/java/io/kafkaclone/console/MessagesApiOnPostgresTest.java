package io.kafkaclone.console;

import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every {@link MessagesApiTest} scenario again, with the log stored in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class MessagesApiOnPostgresTest extends MessagesApiTest {
}
