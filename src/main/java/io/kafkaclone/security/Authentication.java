package io.kafkaclone.security;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import jakarta.inject.Singleton;
import jakarta.inject.Inject;

/**
 * Whether clients must authenticate, and against which users. Doors ask {@link #required()} and
 * check credentials with {@link #users()}; with authentication off every client is
 * {@link Principal#ANONYMOUS} and no users file is read.
 */
@Singleton
public class Authentication {
    private static final Logger LOG = Logger.getLogger(Authentication.class);

    private final boolean required;
    private final UserStore users;
    private final List<String> kafkaMechanisms;

    @Inject
    public Authentication(AuthConfig config) {
        this.required = config.enabled();
        this.kafkaMechanisms = List.copyOf(config.kafkaMechanisms());
        if (!required) {
            this.users = UserStore.parse(List.of(), "none");
            return;
        }
        Optional<String> file = config.usersFile();
        if (file.isEmpty() || file.get().isBlank()) {
            throw new IllegalStateException("kafka-clone.auth.enabled=true needs kafka-clone.auth.users-file (see README, Security)");
        }
        this.users = UserStore.load(Path.of(file.get()));
        if (users.userCount() == 0) {
            LOG.warnf("authentication is on but %s lists no users: every client will be refused", file.get());
        }
        LOG.infof("authentication on: %d users from %s; Kafka SASL mechanisms %s", users.userCount(), file.get(), kafkaMechanisms);
    }

    /** Test and tool constructor. */
    public Authentication(boolean required, UserStore users, List<String> kafkaMechanisms) {
        this.required = required;
        this.users = users;
        this.kafkaMechanisms = List.copyOf(kafkaMechanisms);
    }

    public boolean required() {
        return required;
    }

    public UserStore users() {
        return users;
    }

    public List<String> kafkaMechanisms() {
        return kafkaMechanisms;
    }
}
