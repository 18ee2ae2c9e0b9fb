package io.kafkaclone.quota;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link Quotas} for every door, so a user's bytes count against one budget whichever door they use. */
@ApplicationScoped
public class QuotasProducer {

    @Produces
    @Singleton
    Quotas quotas(QuotaConfig config) {
        return new Quotas(config);
    }
}
