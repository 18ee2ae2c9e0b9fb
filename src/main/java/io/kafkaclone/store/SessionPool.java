package io.kafkaclone.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * Connections of the log's hot paths, each with its statements prepared once ({@link LogWriteSession},
 * {@link LogReadSession}), lent to one caller at a time. At most {@code maxIdle} are kept between
 * uses (the rest go back to the datasource's pool, which the entities need too). A session whose
 * work failed is closed, not lent again: its connection may be the broken thing.
 */
final class SessionPool<S extends AutoCloseable> {

    interface Opener<S> {
        S open(Connection connection) throws SQLException;
    }

    interface Work<S, T> {
        T apply(S session) throws SQLException;
    }

    private final DataSource dataSource;
    private final Opener<S> opener;
    private final int maxIdle;
    private final Queue<S> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /** Whether a session's connection is H2's (its sessions then hand row payloads to and from H2 without copies). */
    static boolean isH2(Connection connection) throws SQLException {
        return "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
    }

    SessionPool(DataSource dataSource, Opener<S> opener, int maxIdle) {
        this.dataSource = dataSource;
        this.opener = opener;
        this.maxIdle = maxIdle;
    }

    <T> T use(Work<S, T> work) {
        S session = idle.poll();
        if (session != null) {
            idleCount.decrementAndGet();
        }
        try {
            if (session == null) {
                session = open();
            }
            T result = work.apply(session);
            giveBack(session);
            return result;
        } catch (SQLException e) {
            closeQuietly(session);
            throw new StorageSqlException(e);
        } catch (RuntimeException | Error e) {
            closeQuietly(session);
            throw e;
        }
    }

    private S open() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            return opener.open(c);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private void giveBack(S session) {
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.add(session);
        } else {
            idleCount.decrementAndGet();
            closeQuietly(session);
        }
    }

    void close() {
        for (S s; (s = idle.poll()) != null;) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(AutoCloseable session) {
        if (session != null) {
            try {
                session.close();
            } catch (Exception e) {
                // closing a session that failed: nothing left to do with it
            }
        }
    }

    /** A database error on a hot path, unchecked so it passes through the core's callbacks; the cause is the SQLException. */
    static final class StorageSqlException extends RuntimeException {
        StorageSqlException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
