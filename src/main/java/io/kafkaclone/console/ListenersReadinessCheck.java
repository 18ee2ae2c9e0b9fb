package io.kafkaclone.console;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.kafkaclone.core.Listener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Ready only when every network listener (beans implementing {@link Listener}) is bound. The
 * database half of readiness is Quarkus' own datasource check, which runs a validation query.
 */
@Readiness
@ApplicationScoped
public class ListenersReadinessCheck implements HealthCheck {
    @Inject
    @Any
    Instance<Listener> listeners;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("kafka-clone listeners").up();
        for (Listener l : listeners) {
            b.withData(l.name(), l.isListening() ? "listening" : "not listening");
            if (!l.isListening()) {
                b.down();
            }
        }
        return b.build();
    }
}
