package io.kafkaclone.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.kafkaclone.security.Authentication;
import io.kafkaclone.security.Principal;
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

    @Inject
    Authentication authentication;
    @Inject
    ConsoleConfig config;
    @Inject
    ConsolePrincipal current;

    @ServerRequestFilter(preMatching = true, priority = Priorities.AUTHENTICATION)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        if (!authentication.required() || !isApi(request.getUriInfo().getPath())) {
            return Optional.empty();
        }
        Optional<Principal> principal = principal(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (principal.isEmpty()) {
            return Optional.of(new Problem(401, "UNAUTHORIZED",
                    "this broker requires authentication: send 'Authorization: Basic <base64 user:password>'").toResponse())
                    .map(r -> Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
        }
        current.set(principal.get());
        request.setSecurityContext(securityContext(principal.get(), request.getSecurityContext()));
        return Optional.empty();
    }

    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    private Optional<Principal> principal(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.trim();
        if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(value.substring(6).trim());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            String decoded = new String(bytes, StandardCharsets.UTF_8);
            if (decoded.indexOf('\uFFFD') >= 0) {
                // not UTF-8: many clients still encode basic credentials as ISO-8859-1 (RFC 7617 section 2.1)
                decoded = new String(bytes, StandardCharsets.ISO_8859_1);
            }
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty()
                    : authentication.users().authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        Optional<String> token = config.token().filter(t -> !t.isEmpty());
        if (token.isPresent() && MessageDigest.isEqual(("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))) {
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
