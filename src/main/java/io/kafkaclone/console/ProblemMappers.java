package io.kafkaclone.console;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.kafkaclone.core.BrokerException;
import io.kafkaclone.snapshot.SnapshotException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Turns every failure of a console request into a JSON {@link Problem}. Bad input (malformed JSON,
 * wrong types, unknown routes) is a 4xx; only a real fault of the broker is a 5xx.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response console(ConsoleException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response broker(BrokerException e) {
        return fromBroker(e).toResponse();
    }

    /** The one place where the core's error codes get HTTP statuses. */
    static Problem fromBroker(BrokerException e) {
        int status = switch (e.code()) {
            case UNKNOWN_TOPIC -> 404;
            case TOPIC_EXISTS -> 409;
            case INVALID_TOPIC, UNKNOWN_PARTITION, INVALID_PARTITIONS, INVALID_RECORD, OFFSET_OUT_OF_RANGE, INVALID_CONFIG -> 400;
            case MESSAGE_TOO_LARGE -> 413;
            // the database refuses writes (disk full, read-only): temporary, nothing was stored, retry later
            case SHUTTING_DOWN, STORAGE_ERROR -> 503;
            default -> 500;
        };
        if (status >= 500) {
            LOG.warnf(e, "console request failed: %s", e.getMessage());
        }
        return new Problem(status, e.code().name(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response snapshot(SnapshotException e) {
        int status = switch (e.reason()) {
            case INVALID_ID -> 400;
            case UNKNOWN_SNAPSHOT -> 404;
            case BROKER_NOT_EMPTY -> 409;
            case CORRUPT_SNAPSHOT -> 422;
            case SNAPSHOT_FAILED -> 500;
        };
        if (status >= 500) {
            LOG.warnf(e, "snapshot request failed: %s", e.getMessage());
        }
        return new Problem(status, e.reason().name(), e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return new Problem(400, "BAD_REQUEST", "malformed JSON body: " + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response r = e.getResponse();
        int status = r == null ? 500 : r.getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        String code = switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> status >= 500 ? "INTERNAL" : "HTTP_" + status;
        };
        String message = e.getMessage() == null || e.getMessage().isBlank() ? "HTTP " + status : e.getMessage();
        return new Problem(status, code, message).toResponse();
    }

    /** Failed futures (publish, commit) arrive wrapped; map what they carry. */
    @ServerExceptionMapper({ CompletionException.class, ExecutionException.class })
    public Response wrapped(Exception e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof BrokerException be) {
            return broker(be);
        }
        if (cause instanceof ConsoleException ce) {
            return console(ce);
        }
        return unexpected(cause);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("console request failed unexpectedly", e);
        return new Problem(500, "INTERNAL", "internal error: " + e.getClass().getSimpleName()).toResponse();
    }
}
