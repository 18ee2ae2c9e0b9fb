package io.kafkaclone.retention;

import org.jboss.logging.Logger;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.RetentionCleaner;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Runs the core's retention pass every {@code kafka-clone.retention.check-interval} (5 minutes, like Kafka). */
@ApplicationScoped
public class RetentionScheduler {
    private static final Logger LOG = Logger.getLogger(RetentionScheduler.class);

    @Inject
    Broker broker;

    @Scheduled(identity = "kafka-clone-retention", every = "${kafka-clone.retention.check-interval:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            RetentionCleaner.Pass pass = broker.retention().runOnce();
            if (pass.chunksDeleted() > 0) {
                LOG.debugf("retention pass: %s", pass);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "retention pass failed");
        }
    }
}
