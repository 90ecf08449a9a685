package io.backfill.planner.api;

import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.Requester;
import io.backfill.events.topics.Topics;
import io.backfill.planner.app.PlannerService;
import io.backfill.planner.domain.lifecycle.BackfillEvent.Command;
import io.backfill.planner.domain.lifecycle.CommandRules;
import io.backfill.planner.warehouse.WarehouseCatalogue.WarehouseUnavailable;
import io.backfill.service.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The planner's HTTP face. Writes go through Kafka like every other producer's: {@code POST /backfills}
 * publishes a {@code BackfillRequested} to {@code backfill-requests}, the command endpoints publish a
 * {@code BackfillCommand} to {@code backfill-commands}; both answer 202 (accepted, decided
 * asynchronously; the outcome appears in the status). Before publishing, each is checked as the planner
 * will: a request by the planner's own intake (400 with every problem), a command against the backfill's
 * latest status (404 unknown, 409 not allowed in its state). Reads come from the status view (Kafka Streams
 * over {@code backfill-status}).
 *
 * <p>Every path needs a signed-in caller ({@link Roles}): viewer for reads (the class default, so a new GET
 * is protected too), submitter for a request, operator for a command. Who asked, in the published
 * {@code requester} / {@code requestedBy}, is the authenticated principal, never something the caller declares.
 */
@Path("/backfills")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class BackfillResource {

    private final PlannerService service;
    private final SecurityIdentity caller;

    BackfillResource(PlannerService service, SecurityIdentity caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUBMITTER)
    @Operation(
            summary = "Request a backfill",
            description = "Validates the request as the planner will (request rules and the warehouse catalogue),"
                    + " then publishes BackfillRequested; 400 lists every problem. requester.user is the signed-in"
                    + " caller (a user in the body is ignored); requester.reason is taken from the body.")
    @RequestBody(content = @Content(schema = @Schema(implementation = RequestDocument.class)))
    @APIResponse(responseCode = "202", description = "Accepted; body holds the backfill id")
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON, missing fields, or a request the planner would reject; body lists every"
                    + " problem, each naming its field")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the submitter role")
    @APIResponse(responseCode = "409", description = "A backfill with this id exists already")
    @APIResponse(responseCode = "503", description = "The warehouse or the status view cannot answer yet")
    public Response request(String body) {
        RequestJson.Parsed parsed = RequestJson.parse(body, service.warehouseId(), principal());
        if (!parsed.problems().isEmpty()) {
            return problems(400, parsed.problems());
        }
        BackfillRequested request = parsed.request();
        List<String> problems;
        try {
            // The planner's own intake: what it would reject is answered now, not after a round trip on Kafka.
            problems = service.intake().problems(request, Clock.systemUTC());
        } catch (WarehouseUnavailable e) {
            return problems(503, List.of("warehouse: cannot validate the request now (" + e.getMessage() + ")"));
        }
        if (!problems.isEmpty()) {
            return problems(400, problems);
        }
        try {
            Optional<BackfillStatus> existing = service.view().get(request.getBackfillId());
            if (existing.isPresent()) {
                return problems(
                        409,
                        List.of("backfillId: backfill " + request.getBackfillId() + " exists already (it is "
                                + existing.get().getState() + "); choose another id"));
            }
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
        service.publisher().publishAndWait(Topics.BACKFILL_REQUESTS, request.getBackfillId(), request);
        return Response.accepted(Map.of(
                        "backfillId",
                        request.getBackfillId(),
                        "eventId",
                        request.getEventId(),
                        "requester",
                        request.getRequester().getUser()))
                .build();
    }

    @GET
    @Operation(summary = "Every backfill's status, newest update first")
    public Response list() {
        try {
            List<StatusJson> all = service.view().all().stream()
                    .map(s -> StatusJson.of(s).withThrottleReason(manualThrottle(s.getBackfillId())))
                    .sorted(Comparator.comparing(StatusJson::updatedAt).reversed())
                    .toList();
            return Response.ok(all).build();
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
    }

    @GET
    @Path("/{id}")
    @Operation(
            summary = "One backfill's status: totals, counts by state, projection, alerts, and one page of"
                    + " phases with their partitions (phaseOffset, phaseLimit; default the first 100)")
    @APIResponse(responseCode = "404", description = "No such backfill (yet)")
    public Response get(
            @PathParam("id") String id,
            @QueryParam("phaseOffset") @DefaultValue("0") int phaseOffset,
            @QueryParam("phaseLimit") @DefaultValue("" + StatusPaging.DEFAULT_PHASES) int phaseLimit) {
        try {
            return service.view()
                    .get(id)
                    .map(s -> StatusPaging.detail(
                            service.view(), s, phaseOffset, phaseLimit, manualThrottle(s.getBackfillId())))
                    .orElseGet(() -> Response.status(404)
                            .entity(Map.of("problems", List.of("no backfill " + id)))
                            .build());
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
    }

    @GET
    @Path("/{id}/phases")
    @Operation(
            summary = "One page of a backfill's phases in sequence order, each with its partitions",
            description = "offset (default 0), limit (default 100, at most 1000), state (only phases in it)")
    @APIResponse(responseCode = "400", description = "offset or limit out of range")
    @APIResponse(responseCode = "404", description = "No such backfill (yet)")
    public Response phases(
            @PathParam("id") String id,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("" + StatusPaging.DEFAULT_PHASES) int limit,
            @QueryParam("state") String state) {
        try {
            return StatusPaging.phases(service.view(), id, offset, limit, state);
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
    }

    @GET
    @Path("/{id}/phases/{sequence}/partitions")
    @Operation(
            summary = "One page of one phase's partitions: state, rows, compute seconds and staging time",
            description = "offset (default 0), limit (default 1000, at most 1000)")
    @APIResponse(responseCode = "400", description = "offset or limit out of range")
    @APIResponse(responseCode = "404", description = "No such backfill or phase")
    public Response partitions(
            @PathParam("id") String id,
            @PathParam("sequence") int sequence,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("" + StatusPaging.MAX_PAGE) int limit) {
        try {
            return StatusPaging.partitions(service.view(), id, sequence, offset, limit);
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
    }

    @POST
    @Path("/{id}/pause")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(responseCode = "202", description = "Published to backfill-commands")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    @APIResponse(responseCode = "404", description = "No such backfill")
    @APIResponse(responseCode = "409", description = "Not allowed in the backfill's state; body names the state")
    @Operation(summary = "PAUSE: no new phases; running phases stop at the next partition boundary")
    public Response pause(@PathParam("id") String id) {
        return command(id, BackfillCommandType.PAUSE, null, null);
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(responseCode = "202", description = "Published to backfill-commands")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    @APIResponse(responseCode = "404", description = "No such backfill")
    @APIResponse(responseCode = "409", description = "Not allowed in the backfill's state; body names the state")
    @Operation(summary = "RESUME a paused backfill")
    public Response resume(@PathParam("id") String id) {
        return command(id, BackfillCommandType.RESUME, null, null);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(responseCode = "202", description = "Published to backfill-commands")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    @APIResponse(responseCode = "404", description = "No such backfill")
    @APIResponse(responseCode = "409", description = "Not allowed in the backfill's state; body names the state")
    @Operation(summary = "CANCEL: running phases stop, staged data is discarded, nothing more is published")
    public Response cancel(@PathParam("id") String id) {
        return command(id, BackfillCommandType.CANCEL, null, null);
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(responseCode = "202", description = "Published to backfill-commands")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    @APIResponse(responseCode = "404", description = "No such backfill")
    @APIResponse(responseCode = "409", description = "Not allowed in the backfill's state; body names the state")
    @Operation(summary = "APPROVE a backfill awaiting approval (e.g. after its canary passed)")
    public Response approve(@PathParam("id") String id) {
        return command(id, BackfillCommandType.APPROVE, null, null);
    }

    @POST
    @Path("/{id}/rollback")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(responseCode = "202", description = "Published to backfill-commands")
    @APIResponse(responseCode = "401", description = "Not signed in")
    @APIResponse(responseCode = "403", description = "Signed in without the operator role")
    @APIResponse(responseCode = "404", description = "No such backfill")
    @APIResponse(responseCode = "409", description = "Not allowed in the backfill's state; body names the state")
    @Operation(summary = "ROLLBACK the whole backfill, one phase (phaseId) or one partition (partition)")
    public Response rollback(
            @PathParam("id") String id,
            @QueryParam("phaseId") String phaseId,
            @QueryParam("partition") String partition) {
        return command(id, BackfillCommandType.ROLLBACK, phaseId, partition);
    }

    /**
     * Publishes a command after checking it against the backfill's latest status: 404 when there is no such
     * backfill (yet: a request has a status once the planner has decided it), 409 naming the state when the
     * state does not take the command ({@link CommandRules}, the rules the planner applies). The status can
     * lag the planner by a moment; the planner decides on its own state and refuses what became invalid.
     */
    private Response command(String id, BackfillCommandType type, String phaseId, String partition) {
        Optional<BackfillStatus> status;
        try {
            status = service.view().get(id);
        } catch (InvalidStateStoreException e) {
            return notReady();
        }
        if (status.isEmpty()) {
            return problems(404, List.of("no backfill " + id));
        }
        io.backfill.planner.domain.lifecycle.BackfillStatus state =
                io.backfill.planner.domain.lifecycle.BackfillStatus.valueOf(
                        status.get().getState().name());
        Optional<String> refusal = CommandRules.refusal(Command.valueOf(type.name()), state, anyPhaseReleased(state));
        if (refusal.isPresent()) {
            return Response.status(409)
                    .entity(Map.of(
                            "problems",
                            List.of(refusal.get().replace("a backfill", "backfill " + id)),
                            "state",
                            state.name()))
                    .build();
        }
        BackfillCommand command = BackfillCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(id)
                .setType(type)
                .setPhaseId(blankToNull(phaseId))
                .setPartition(blankToNull(partition))
                .setRequestedBy(Requester.newBuilder()
                        .setUser(principal())
                        .setSource("REST")
                        .build())
                .setIssuedAt(Instant.now())
                .build();
        service.publisher().publishAndWait(Topics.BACKFILL_COMMANDS, id, command);
        return Response.accepted(Map.of(
                        "backfillId",
                        id,
                        "command",
                        type.name(),
                        "eventId",
                        command.getEventId(),
                        "requestedBy",
                        principal()))
                .build();
    }

    /** The manual throttle in force on a backfill or its warehouse now, in words (admission-control). */
    private Optional<String> manualThrottle(String backfillId) {
        return service.admissionControls() == null
                ? Optional.empty()
                : service.admissionControls().throttleReason(backfillId, Instant.now());
    }

    /** Who is asking: the authenticated principal (a JWT's upn or sub, an embedded user's name). */
    private String principal() {
        return caller.getPrincipal().getName();
    }

    /** Whether any phase was released, as far as the state tells: not before the backfill first ran. */
    private static boolean anyPhaseReleased(io.backfill.planner.domain.lifecycle.BackfillStatus state) {
        return switch (state) {
            case REQUESTED, REJECTED, QUEUED, PLANNED -> false;
            default -> true;
        };
    }

    private static Response problems(int status, List<String> problems) {
        return Response.status(status).entity(Map.of("problems", problems)).build();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static Response notReady() {
        return Response.status(503)
                .entity(Map.of("problems", List.of("status view is starting; try again shortly")))
                .build();
    }
}
