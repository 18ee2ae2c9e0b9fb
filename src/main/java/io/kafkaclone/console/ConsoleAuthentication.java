package io.kafkaclone.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kafkaclone.security.Authentication;
import io.kafkaclone.security.Principal;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * With {@code kafka-clone.auth.enabled}, every /api request must come from a user of the broker's
 * user store (HTTP basic), or carry the console's bearer token; anything else is a 401 with a JSON
 * problem and a {@code WWW-Authenticate} challenge (so the console page gets a login prompt).
 * Health, metrics and the page itself stay open. Runs before {@link WriteGuard}.
 */
public class ConsoleAuthentication {
    /** The principal of a request authenticated by the console's bearer token rather than a user. */
    public static final Principal TOKEN_PRINCIPAL = new Principal("console-token");
    static final String CHALLENGE = "Basic realm=\"kafka-clone\", charset=\"UTF-8\"";
    private static final String PRINCIPAL_PROPERTY = ConsoleAuthentication.class.getName() + ".principal";

    @Inject
    Authentication authentication;
    @Inject
    ConsoleConfig config;
    @Inject
    ConsolePrincipal current;

    /**
     * Checks the credentials. A password check derives the user's SCRAM key (thousands of HMAC rounds, a few
     * milliseconds): it runs on a worker thread, not on the event loop, which the broker's Kafka and line
     * connections share. The principal found is left on the request for {@link #admit}.
     */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Uni<Response> authenticate(ContainerRequestContext request) {
        if (!authentication.required() || !isApi(request.getUriInfo().getPath())) {
            return Uni.createFrom().nullItem();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        Optional<BasicCredentials> basic = basicCredentials(authorization);
        if (basic.isPresent()) {
            BasicCredentials credentials = basic.get();
            return Uni.createFrom().item(() -> authentication.users().authenticate(credentials.user(), credentials.password()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .map(principal -> verdict(request, principal));
        }
        return Uni.createFrom().item(verdict(request, bearerPrincipal(authorization)));
    }

    /** Null (go on) with the principal kept on the request, or the 401 that ends it. */
    private static Response verdict(ContainerRequestContext request, Optional<Principal> principal) {
        if (principal.isEmpty()) {
            return Response.fromResponse(new Problem(401, "UNAUTHORIZED",
                    "this broker requires authentication: send 'Authorization: Basic <base64 user:password>'").toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
        }
        request.setProperty(PRINCIPAL_PROPERTY, principal.get());
        return null;
    }

    /** Makes the principal {@link #authenticate} found the request's (its CDI scope and its JAX-RS security context). */
    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION + 1)
    public void admit(ContainerRequestContext request) {
        if (request.getProperty(PRINCIPAL_PROPERTY) instanceof Principal principal) {
            current.set(principal);
            request.setSecurityContext(securityContext(principal, request.getSecurityContext()));
        }
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** What an {@code Authorization: Basic} header says; both empty when it cannot be read (refused like a wrong password). */
    private record BasicCredentials(String user, String password) {
        static final BasicCredentials UNREADABLE = new BasicCredentials("", "");
    }

    /** The credentials of an {@code Authorization: Basic} header, or empty for any other header. */
    private static Optional<BasicCredentials> basicCredentials(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        if (!value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return Optional.of(BasicCredentials.UNREADABLE);
        }
        String decoded = new String(bytes, StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') >= 0) {
            // not UTF-8: many clients still encode basic credentials as ISO-8859-1 (RFC 7617 section 2.1)
            decoded = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        int colon = decoded.indexOf(':');
        return Optional.of(colon <= 0 ? BasicCredentials.UNREADABLE
                : new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private Optional<Principal> bearerPrincipal(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        Optional<String> token = config.token().filter(t -> !t.isEmpty());
        if (token.isPresent() && MessageDigest.isEqual(("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8),
                authorization.trim().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(TOKEN_PRINCIPAL);
        }
        return Optional.empty();
    }

    private static SecurityContext securityContext(Principal principal, SecurityContext original) {
        java.security.Principal user = principal::name;
        return new SecurityContext() {
            @Override
            public java.security.Principal getUserPrincipal() {
                return user;
            }

            @Override
            public boolean isUserInRole(String role) {
                return false;
            }

            @Override
            public boolean isSecure() {
                return original != null && original.isSecure();
            }

            @Override
            public String getAuthenticationScheme() {
                return principal == TOKEN_PRINCIPAL ? "Bearer" : SecurityContext.BASIC_AUTH;
            }
        };
    }
}
