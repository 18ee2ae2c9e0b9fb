package io.kafkaclone.console;

import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.Authorizer;
import io.kafkaclone.security.Principal;
import io.kafkaclone.security.ResourceType;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The console's door to the {@link Authorizer}: asks about the request's {@link ConsolePrincipal}
 * (set by {@link ConsoleAuthentication}); a denial is 403 FORBIDDEN.
 */
@RequestScoped
public class ConsoleCaller {
    @Inject
    Authorizer authorizer;
    @Inject
    ConsolePrincipal current;

    public Principal principal() {
        return current.get();
    }

    public boolean may(AclOperation operation, ResourceType type, String name) {
        return authorizer.allows(principal(), operation, type, name);
    }

    /** Throws 403 FORBIDDEN unless allowed; {@code what} completes "is not allowed to ...". */
    public void require(AclOperation operation, ResourceType type, String name, String what) {
        if (!may(operation, type, name)) {
            throw forbidden(what);
        }
    }

    public void requireCreateTopic(String topic) {
        if (!authorizer.mayCreateTopic(principal(), topic)) {
            throw forbidden("create topic '" + topic + "'");
        }
    }

    private ConsoleException forbidden(String what) {
        return new ConsoleException(403, "FORBIDDEN", "principal '" + principal().name() + "' is not allowed to " + what);
    }
}
