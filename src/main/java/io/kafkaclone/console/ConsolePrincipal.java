package io.kafkaclone.console;

import io.kafkaclone.security.Principal;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who the current console request acts for, set by {@link ConsoleAuthentication} before any
 * resource runs: inject it into a resource (authorization, audit). {@link Principal#ANONYMOUS}
 * when authentication is off. The same principal is also the request's JAX-RS
 * {@code SecurityContext.getUserPrincipal()}.
 */
@RequestScoped
public class ConsolePrincipal {
    private Principal principal = Principal.ANONYMOUS;

    public Principal get() {
        return principal;
    }

    void set(Principal principal) {
        this.principal = principal;
    }
}
