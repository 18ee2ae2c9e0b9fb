package io.kafkaclone.console;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every console error: HTTP status, a stable UPPER_SNAKE code and a readable message. */
public record Problem(int status, String error, String message) {

    public Response toResponse() {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(this).build();
    }
}
