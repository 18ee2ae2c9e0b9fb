package io.kafkaclone.kafka;

import io.kafkaclone.core.group.ClassicGroupCoordinator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The classic group coordinator as a bean (the console may want to describe groups too). */
@ApplicationScoped
public class GroupCoordinatorProducer {

    @Produces
    @Singleton
    ClassicGroupCoordinator coordinator(KafkaConfig config) {
        return new ClassicGroupCoordinator(config.groupInitialRebalanceDelayMs());
    }

    void close(@Disposes ClassicGroupCoordinator coordinator) {
        coordinator.close();
    }
}
