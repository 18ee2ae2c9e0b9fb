package io.kafkaclone.console;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import io.kafkaclone.core.Broker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Alive while the broker core is up; reports its topic count and the writer's queue for a quick look. */
@Liveness
@ApplicationScoped
public class BrokerLivenessCheck implements HealthCheck {
    @Inject
    Broker broker;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka-clone broker").up()
                .withData("topics", broker.topicsView().size())
                .withData("queuedWrites", broker.queuedWrites())
                .withData("commits", broker.commitCount())
                .build();
    }
}
