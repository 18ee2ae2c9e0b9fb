package io.kafkaclone.core;

import org.junit.jupiter.api.Test;

import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Every {@link BrokerReadCacheTest} scenario on PostgreSQL, and the one only a shared database has: two writers. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class BrokerReadCacheOnPostgresTest extends BrokerReadCacheTest {

    @Test
    @Override
    void rowsAnotherBrokerAppendedAreReadFromStorageNotSkipped() throws Exception {
        super.rowsAnotherBrokerAppendedAreReadFromStorageNotSkipped();
    }
}
