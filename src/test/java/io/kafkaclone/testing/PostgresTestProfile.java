package io.kafkaclone.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * Runs a test class against PostgreSQL instead of H2: the {@code postgresql} build profile of
 * application.properties (Quarkus re-augments the app for a test profile, so the build-time
 * {@code db-kind} really changes), on a fresh database created for this JVM and dropped when it exits,
 * so reruns and parallel runs never share state. Subclass a test and annotate the subclass with
 * {@code @TestProfile(PostgresTestProfile.class)}.
 *
 * <p>The server comes from {@code -Dkafka-clone.test.postgres.url} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code postgres}, trust auth; see .ci/run).
 */
public class PostgresTestProfile implements QuarkusTestProfile {

    private static final String SERVER_URL = System.getProperty("kafka-clone.test.postgres.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getProperty("kafka-clone.test.postgres.user", "postgres");
    private static final String PASSWORD = System.getProperty("kafka-clone.test.postgres.password", "");

    private static String database;

    @Override
    public String getConfigProfile() {
        // postgresql first, test last: test settings (random ports, target/ data dir) win where both set a key
        return "postgresql,test";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.jdbc.url", databaseUrl(),
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", PASSWORD,
                // fail at start if an entity does not match the Flyway schema on PostgreSQL (bytea, sequence, names)
                "quarkus.hibernate-orm.schema-management.strategy", "validate");
    }

    /** The JDBC URL of this JVM's own test database, created on first use. */
    public static synchronized String databaseUrl() {
        if (database == null) {
            String name = "kafka_clone_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            execute("create database " + name);
            database = name;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("drop database if exists " + name + " with (force)")));
        }
        int slash = SERVER_URL.lastIndexOf('/');
        int params = SERVER_URL.indexOf('?', slash);
        return SERVER_URL.substring(0, slash + 1) + database + (params < 0 ? "" : SERVER_URL.substring(params));
    }

    /** A plain JDBC connection to this JVM's test database, for looking at it beside the broker. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(databaseUrl(), USER, PASSWORD);
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER_URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER_URL + " as " + USER + " is needed for the PostgreSQL tests"
                    + " (start it: pg_ctlcluster --skip-systemctl-redirect <version> main start): " + e.getMessage(), e);
        }
    }
}
