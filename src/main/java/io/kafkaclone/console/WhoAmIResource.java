package io.kafkaclone.console;

import io.kafkaclone.security.Authentication;
import io.kafkaclone.security.Principal;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/whoami}: the principal the console sees for this request (handy to check credentials). */
@Path("/api/whoami")
@Produces(MediaType.APPLICATION_JSON)
public class WhoAmIResource {

    public record WhoAmI(String user, boolean anonymous, boolean authenticationRequired) {
    }

    @Inject
    ConsolePrincipal principal;
    @Inject
    Authentication authentication;

    @GET
    public WhoAmI get() {
        Principal p = principal.get();
        return new WhoAmI(p.name(), p.isAnonymous(), authentication.required());
    }
}
