package io.kafkaclone.security;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the one {@link Authorizer} from {@link AclConfig}; a bad rule stops the broker at start with the rule in the message. */
@ApplicationScoped
public class AuthorizerProducer {
    private static final Logger LOG = Logger.getLogger(AuthorizerProducer.class);

    @Produces
    @Singleton
    Authorizer authorizer(AclConfig config, AclStore store) {
        List<AclRule> rules = new ArrayList<>();
        for (String text : config.rules().orElse(List.of())) {
            if (!text.isBlank()) {
                rules.addAll(AclRule.parse(text));
            }
        }
        Authorizer authorizer = new Authorizer(config.enabled(), config.superUsers().orElse(List.of()), rules, store);
        if (config.enabled()) {
            LOG.infof("authorization on: %d configured rules, %d stored rules, super users %s", rules.size(),
                    authorizer.rules().size() - rules.size(), config.superUsers().orElse(List.of()));
        }
        return authorizer;
    }
}
