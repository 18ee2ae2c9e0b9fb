package io.kafkaclone.config;

import io.kafkaclone.core.Broker;
import io.kafkaclone.core.BrokerSettings;
import io.kafkaclone.core.RetentionSettings;
import io.kafkaclone.retention.RetentionConfig;
import io.kafkaclone.store.PanacheStorage;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the core from configuration and closes it last on shutdown (after the doors stopped accepting). */
@ApplicationScoped
public class BrokerProducer {

    /** Doors observe ShutdownEvent with a lower priority so they stop before the broker closes. */
    public static final int CLOSE_PRIORITY = 5000;

    @Produces
    @Singleton
    Broker broker(PanacheStorage storage, BrokerConfig config, RetentionConfig retention) {
        BrokerSettings defaults = BrokerSettings.defaults();
        return new Broker(storage, new BrokerSettings(config.autoCreateTopics(), config.defaultPartitions(),
                config.maxMessageBytes(), defaults.maxChunkBytes(), defaults.maxOpsPerCommit(), config.cacheBytes()),
                new RetentionSettings(retention.ms(), retention.bytes(), retention.deleteChunksPerTransaction()),
                System::currentTimeMillis);
    }

    void close(@Disposes Broker broker) {
        broker.close();
    }

    void onStop(@Observes @Priority(CLOSE_PRIORITY) ShutdownEvent event, Broker broker) {
        broker.close();
    }
}
