package io.kafkaclone.console;

import java.util.Optional;
import java.util.Set;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kafkaclone.security.Authentication;
import io.quarkus.runtime.LaunchMode;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Applies {@link WriteAccess} to every mutating request under /api (reads stay open), before routing or body parsing. */
public class WriteGuard {
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    ConsoleConfig config;
    @Inject
    Authentication authentication;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> guard(ContainerRequestContext request) {
        if (READS.contains(request.getMethod()) || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        if (authentication.required()) {
            // ConsoleAuthentication already let through only users and the token holder
            return WriteAccess.checkAuthenticated(config.writesEnabled()).map(Problem::toResponse);
        }
        return WriteAccess.check(config.writesEnabled(), config.token(), LaunchMode.current(),
                request.getHeaderString(HttpHeaders.AUTHORIZATION)).map(Problem::toResponse);
    }
}
