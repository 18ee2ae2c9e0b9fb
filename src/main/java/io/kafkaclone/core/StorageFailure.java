package io.kafkaclone.core;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns whatever a failed transaction threw into the error a client sees. Transaction managers wrap
 * the database's own error several layers deep, often only as a suppressed exception (a failed
 * COMMIT comes back as "Could not commit transaction"), and the database's words ("No space left
 * on device", "read-only transaction") are what an operator needs, so this digs them out.
 */
final class StorageFailure {
    private StorageFailure() {
    }

    static BrokerException of(Throwable t) {
        if (t instanceof BrokerException be) {
            return be;
        }
        SQLException sql = firstSqlException(t);
        String reason;
        if (sql != null) {
            String text = sql.getMessage() == null ? sql.getClass().getSimpleName() : sql.getMessage();
            text = text.lines().findFirst().orElse(text).replaceFirst("^ERROR: ", "");
            reason = text + (sql.getSQLState() == null ? "" : " (SQLSTATE " + sql.getSQLState() + ")");
        } else {
            reason = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return new BrokerException(ErrorCode.STORAGE_ERROR, "storage failure, nothing of this request was stored: " + reason, t);
    }

    /** Breadth-first over causes and suppressed exceptions: the outermost database error. */
    private static SQLException firstSqlException(Throwable root) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = new HashSet<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException e) {
                // a driver's own exception (with the server's message) may sit below a generic wrapper
                Throwable cause = e.getCause();
                return cause instanceof SQLException inner && e.getSQLState() == null ? inner : e;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.add(s);
            }
        }
        return null;
    }
}
