package io.kafkaclone.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.TopicLog;
import io.kafkaclone.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The row lock itself, step by step on PostgreSQL: while one transaction holds a partition's
 * reservation, a second one waits for it (seen in pg_stat_activity) and then numbers after it.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresPartitionLockTest {

    @Inject
    Broker broker;

    @Inject
    PanacheStorage storage;

    @Test
    void secondTransactionWaitsForTheFirstAndNumbersAfterIt() throws Exception {
        TopicLog topic = broker.createTopic("lock-" + UUID.randomUUID(), 1);
        long id = topic.storageId();
        CountDownLatch firstReserved = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        long[] bases = new long[2];

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> storage.inTransaction(tx -> {
            bases[0] = tx.reserveOffsets(id, 0, 10, 0);
            firstReserved.countDown();
            await(releaseFirst);
        }));
        assertThat(firstReserved.await(30, TimeUnit.SECONDS)).isTrue();
        long waitingBefore = transactionsWaitingForALock();

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> storage.inTransaction(tx -> bases[1] = tx.reserveOffsets(id, 0, 5, 0))); // a stale known end: the row decides
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> transactionsWaitingForALock() > waitingBefore);
        assertThat(second).isNotDone();

        releaseFirst.countDown();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        assertThat(bases[0]).isZero();
        assertThat(bases[1]).isEqualTo(10);
    }

    private static long transactionsWaitingForALock() throws Exception {
        try (Connection c = PostgresTestProfile.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity"
                        + " where datname = current_database() and wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
