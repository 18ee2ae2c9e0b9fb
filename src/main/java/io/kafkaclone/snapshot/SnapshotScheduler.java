package io.kafkaclone.snapshot;

import java.time.Duration;

import org.jboss.logging.Logger;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Takes a snapshot every {@code kafka-clone.snapshot.interval} (off by default). */
@ApplicationScoped
public class SnapshotScheduler {
    private static final Logger LOG = Logger.getLogger(SnapshotScheduler.class);

    @Inject
    SnapshotService snapshots;

    @Inject
    SnapshotConfig config;

    @Scheduled(identity = "kafka-clone-snapshots", every = "${kafka-clone.snapshot.interval:off}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        // the first run comes right at start-up: skip it when a recent snapshot exists, so restarts
        // do not pile up snapshots and push older ones out of the kept window
        Duration interval = DurationConverter.parseDuration(config.interval());
        try {
            snapshots.createUnlessNewerThan(interval == null ? Duration.ZERO : interval.dividedBy(2));
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduled snapshot failed");
        }
    }
}
