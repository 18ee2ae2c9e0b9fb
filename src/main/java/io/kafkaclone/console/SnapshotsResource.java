package io.kafkaclone.console;

import java.util.List;

import io.kafkaclone.snapshot.ImportResult;
import io.kafkaclone.snapshot.Manifest;
import io.kafkaclone.snapshot.SnapshotService;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.kafkaclone.security.AclOperation;
import io.kafkaclone.security.ResourceType;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * JSON snapshots: {@code curl -X POST -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/snapshots}
 * takes one (see docs/snapshots.md).
 */
@Tag(name = "Snapshots", description = "JSON snapshots: take, list, import")
@Path("/api/snapshots")
@Produces(MediaType.APPLICATION_JSON)
public class SnapshotsResource {

    @Inject
    SnapshotService snapshots;
    @Inject
    ConsoleCaller caller;

    /** A snapshot holds (and an import replaces) every topic and group: cluster-wide, ALTER to take or import, DESCRIBE to list. */
    private void require(AclOperation operation, String what) {
        caller.require(operation, ResourceType.CLUSTER, ResourceType.CLUSTER_NAME, what);
    }

    /** Takes a consistent snapshot of every topic, message and committed offset; answers with its manifest. */
    @POST
    public Response create() {
        require(AclOperation.ALTER, "take snapshots");
        return Response.status(201).entity(snapshots.create()).build();
    }

    /** Every complete snapshot, newest first. */
    @GET
    public List<Manifest> list() {
        require(AclOperation.DESCRIBE, "list snapshots");
        return snapshots.list();
    }

    @GET
    @Path("/{id}")
    public Manifest get(@PathParam("id") String id) {
        require(AclOperation.DESCRIBE, "read snapshots");
        return snapshots.manifest(id);
    }

    /** Restores the snapshot into this broker; 409 unless the broker has no topics and no consumer groups. */
    @POST
    @Path("/{id}/import")
    public ImportResult importSnapshot(@PathParam("id") String id) {
        require(AclOperation.ALTER, "import snapshots");
        return snapshots.importSnapshot(id);
    }
}
