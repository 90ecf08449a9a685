package io.backfill.planner.api;

import io.backfill.planner.app.PlannerService;
import io.backfill.service.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A manual throttle of one backfill with a time-to-live ({@code POST|DELETE /backfills/{id}/throttle}): the
 * same body and event as the warehouse's ({@link AdmissionResource}), scoped to the backfill. Executors hold
 * that backfill's partition starts (factor 0) or narrow them (0 < factor < 1); other backfills run on.
 */
@Path("/backfills/{id}/throttle")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class BackfillThrottleResource {

    private final PlannerService service;
    private final SecurityIdentity caller;

    BackfillThrottleResource(PlannerService service, SecurityIdentity caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Throttle one backfill for a time",
            description = "Body: factor in [0, 1), ttl (ISO-8601 like PT10M, or seconds; required, at most PT24H),"
                    + " reason. Replaces the backfill's throttle in force.")
    @APIResponse(responseCode = "202", description = "Published to admission-control")
    @APIResponse(responseCode = "400", description = "factor or ttl missing or out of range")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    @APIResponse(responseCode = "404", description = "No such backfill")
    public Response throttle(@PathParam("id") String id, String body) {
        Response unknown = unknown(id);
        if (unknown != null) {
            return unknown;
        }
        return AdmissionResource.publish(
                service, AdmissionJson.throttle(body, service.warehouseId(), id, principal(), Instant.now()));
    }

    @DELETE
    @Operation(summary = "Lift one backfill's manual throttle before its time-to-live ends")
    @APIResponse(responseCode = "202", description = "Published to admission-control")
    @APIResponse(responseCode = "404", description = "No such backfill, or no throttle on it in force")
    public Response unthrottle(@PathParam("id") String id) {
        Response unknown = unknown(id);
        if (unknown != null) {
            return unknown;
        }
        return AdmissionResource.lift(service, id, principal());
    }

    /** 404 for a backfill the status view does not know, 503 while it starts, null when it is known. */
    private Response unknown(String id) {
        try {
            if (service.view().get(id).isEmpty()) {
                return Response.status(404)
                        .entity(Map.of("problems", List.of("no backfill " + id)))
                        .build();
            }
            return null;
        } catch (InvalidStateStoreException e) {
            return Response.status(503)
                    .entity(Map.of("problems", List.of("status view is starting; try again shortly")))
                    .build();
        }
    }

    private String principal() {
        return caller.getPrincipal().getName();
    }
}
