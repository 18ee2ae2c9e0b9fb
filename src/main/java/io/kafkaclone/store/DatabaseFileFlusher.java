package io.kafkaclone.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.kafkaclone.config.BrokerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Flushes the H2 database file to disk every {@code kafka-clone.storage.flush-interval-ms} from a
 * thread of its own.
 *
 * <p>Why: acknowledged writes do not wait for this (a commit that reached the file survives a SIGKILL
 * of the broker without it), but H2 itself calls fsync on the writer thread whenever it shrinks the
 * file, and that fsync had to write out everything the kernel had buffered since the last one: a
 * 150–300 ms stall of every append, seen by JFR during the latency benchmark and enough on its own to
 * make its 99th percentile. Flushed a few times a second, the file never holds much unwritten data,
 * so H2's own fsync stays short; and records also reach the disk within the interval, which bounds
 * what a power cut can lose.
 */
@ApplicationScoped
public class DatabaseFileFlusher {
    private static final Logger LOG = Logger.getLogger(DatabaseFileFlusher.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "quarkus.datasource.db-kind")
    String dbKind;
    @Inject
    BrokerConfig config;

    private ScheduledExecutorService scheduler;
    private FileChannel file;
    private Timer flushes;

    void start(@Observes StartupEvent event) {
        long intervalMs = config.storage().flushIntervalMs();
        if (!"h2".equalsIgnoreCase(dbKind) || intervalMs <= 0) {
            return;
        }
        Path path = databaseFile();
        if (path == null) {
            return;
        }
        try {
            // opened once and kept: on Linux, closing any descriptor of a file drops the process's
            // locks on it, H2's among them
            file = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            LOG.warnf("not flushing %s in the background: %s", path, e.getMessage());
            return;
        }
        flushes = Timer.builder("kafka_clone_storage_flush").description("Background fsyncs of the H2 database file")
                .register(registry);
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-file-flusher");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::flush, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        LOG.infof("flushing %s to disk every %d ms", path, intervalMs);
    }

    private void flush() {
        try {
            flushes.record(() -> {
                try {
                    file.force(false);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("background flush failed: %s", e.getMessage());
        }
    }

    /** The file H2 writes, as the database itself names it (DATABASE_PATH() without the .mv.db suffix). */
    private Path databaseFile() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("call database_path()")) {
            String base = rs.next() ? rs.getString(1) : null;
            return base == null ? null : Path.of(base + ".mv.db");
        } catch (SQLException e) {
            LOG.warnf("not flushing the database file in the background: %s", e.getMessage());
            return null;
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.shutdown();
        }
    }
}
