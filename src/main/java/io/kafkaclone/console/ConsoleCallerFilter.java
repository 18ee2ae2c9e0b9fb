package io.kafkaclone.console;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kafkaclone.security.Principal;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Takes the console request's principal from its JAX-RS SecurityContext, which whatever authenticates
 * HTTP requests fills in (Quarkus security, or a pre-matching filter). No user there means ANONYMOUS,
 * as on the other doors before authentication.
 */
public class ConsoleCallerFilter {
    @Inject
    ConsoleCaller caller;

    @ServerRequestFilter
    public void identify(ContainerRequestContext request) {
        java.security.Principal user = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        caller.identify(user == null || user.getName() == null || user.getName().isEmpty() ? Principal.ANONYMOUS
                : new Principal(user.getName()));
    }
}
