package io.backfill.planner.api;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.planner.app.PlannerService;
import io.backfill.service.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Operator controls of the planner's warehouse at runtime (gh-ost / freno style): admission settings
 * overrides and a manual throttle of the whole warehouse with a time-to-live. Every change publishes one
 * {@code AdmissionControlChanged} to {@code admission-control} naming the signed-in principal; executors
 * apply it at their next partition start. Reading needs the viewer role, changing the operator role.
 * One backfill's throttle is {@link BackfillThrottleResource}.
 */
@Path("/warehouse")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class AdmissionResource {

    private final PlannerService service;
    private final SecurityIdentity caller;

    AdmissionResource(PlannerService service, SecurityIdentity caller) {
        this.service = service;
        this.caller = caller;
    }

    @GET
    @Path("/admission")
    @Operation(
            summary = "The warehouse's admission settings overrides and the manual throttles in force",
            description =
                    "settings: the latest overrides (null fields keep the executors' configured values; null"
                            + " when never set); throttles: every throttle not yet expired, the warehouse's and each backfill's.")
    public AdmissionJson.View show() {
        Instant now = Instant.now();
        return new AdmissionJson.View(
                service.warehouseId(),
                service.admissionControls()
                        .settings()
                        .map(AdmissionJson.Settings::of)
                        .orElse(null),
                service.admissionControls().activeThrottles(now).stream()
                        .map(AdmissionJson.Throttle::of)
                        .toList());
    }

    @PUT
    @Path("/admission")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Replace the admission settings overrides",
            description = "Body: targetLatencyRatio, peakTargetLatencyRatio, hardCeilingRatio (latency ratios in (1,"
                    + " 10], the ceiling above the targets), maxBudget (statement-seconds per second, > 0), reason;"
                    + " a field left out keeps the executors' configured value.")
    @APIResponse(responseCode = "202", description = "Published to admission-control")
    @APIResponse(responseCode = "400", description = "A value out of range; every problem names its field")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    public Response change(String body) {
        return publish(AdmissionJson.settings(body, service.warehouseId(), principal(), Instant.now()));
    }

    @POST
    @Path("/throttle")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    @Operation(
            summary = "Throttle the whole warehouse for a time",
            description = "Body: factor in [0, 1) (0: no new work, 0.5: half the budget), ttl (ISO-8601 like PT10M,"
                    + " or seconds; required, at most PT24H), reason. Replaces the warehouse's throttle in force.")
    @APIResponse(responseCode = "202", description = "Published to admission-control")
    @APIResponse(responseCode = "400", description = "factor or ttl missing or out of range")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    public Response throttle(String body) {
        return publish(AdmissionJson.throttle(body, service.warehouseId(), null, principal(), Instant.now()));
    }

    @DELETE
    @Path("/throttle")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Lift the warehouse's manual throttle before its time-to-live ends")
    @APIResponse(responseCode = "202", description = "Published to admission-control")
    @APIResponse(responseCode = "404", description = "No warehouse throttle is in force")
    public Response unthrottle() {
        return lift(service, null, principal());
    }

    /** Publishes a parsed change (400 with its problems when it has any), then records it in the book. */
    static Response publish(PlannerService service, AdmissionJson.Parsed parsed) {
        if (!parsed.problems().isEmpty()) {
            return Response.status(400)
                    .entity(Map.of("problems", parsed.problems()))
                    .build();
        }
        AdmissionControlChanged change = parsed.change();
        service.publishAdmissionControl(change);
        return Response.accepted(answer(change)).build();
    }

    /** Publishes an UNTHROTTLE of one scope (null: the warehouse), 404 when no throttle of it is in force. */
    static Response lift(PlannerService service, String backfillId, String principal) {
        Instant now = Instant.now();
        if (service.admissionControls().activeThrottle(backfillId, now).isEmpty()) {
            return Response.status(404)
                    .entity(Map.of(
                            "problems",
                            List.of("no manual throttle in force on "
                                    + (backfillId == null
                                            ? "warehouse " + service.warehouseId()
                                            : "backfill " + backfillId))))
                    .build();
        }
        AdmissionControlChanged change = AdmissionJson.unthrottle(service.warehouseId(), backfillId, principal, now);
        service.publishAdmissionControl(change);
        return Response.accepted(answer(change)).build();
    }

    private Response publish(AdmissionJson.Parsed parsed) {
        return publish(service, parsed);
    }

    private static Map<String, Object> answer(AdmissionControlChanged change) {
        return Map.of(
                "eventId", change.getEventId(),
                "kind", change.getKind().name(),
                "warehouseId", change.getWarehouseId(),
                "backfillId", change.getBackfillId() == null ? "" : change.getBackfillId(),
                "changedBy", change.getChangedBy(),
                "expiresAt",
                        change.getExpiresAt() == null
                                ? ""
                                : change.getExpiresAt().toString());
    }

    private String principal() {
        return caller.getPrincipal().getName();
    }
}
