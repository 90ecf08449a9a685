package io.backfill.planner.api;

import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillCommandType;
import io.backfill.events.BackfillRequested;
import io.backfill.events.Requester;
import io.backfill.events.topics.Topics;
import io.backfill.planner.app.PlannerService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * asynchronously; the outcome appears in the status). Reads come from the status view (Kafka Streams
 * over {@code backfill-status}).
 */
@Path("/backfills")
@Produces(MediaType.APPLICATION_JSON)
public class BackfillResource {

    private final PlannerService service;

    BackfillResource(PlannerService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Request a backfill",
            description = "Publishes BackfillRequested; 400 lists every shape problem.")
    @RequestBody(content = @Content(schema = @Schema(implementation = RequestDocument.class)))
    @APIResponse(responseCode = "202", description = "Accepted; body holds the backfill id")
    @APIResponse(responseCode = "400", description = "Malformed JSON or missing fields; body lists every problem")
    public Response request(String body) {
        RequestJson.Parsed parsed = RequestJson.parse(body, service.warehouseId());
        if (!parsed.problems().isEmpty()) {
            return Response.status(400)
                    .entity(Map.of("problems", parsed.problems()))
                    .build();
        }
        BackfillRequested request = parsed.request();
        service.publisher().publishAndWait(Topics.BACKFILL_REQUESTS, request.getBackfillId(), request);
        return Response.accepted(Map.of("backfillId", request.getBackfillId(), "eventId", request.getEventId()))
                .build();
    }

    @GET
    @Operation(summary = "Every backfill's status, newest update first")
    public Response list() {
        try {
            List<StatusJson> all = service.view().all().stream()
                    .map(StatusJson::of)
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
                    .map(s -> StatusPaging.detail(service.view(), s, phaseOffset, phaseLimit))
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
    @Operation(summary = "PAUSE: no new phases; running phases stop at the next partition boundary")
    public Response pause(@PathParam("id") String id, @HeaderParam("X-User") String user) {
        return command(id, BackfillCommandType.PAUSE, null, null, user);
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "RESUME a paused backfill")
    public Response resume(@PathParam("id") String id, @HeaderParam("X-User") String user) {
        return command(id, BackfillCommandType.RESUME, null, null, user);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "CANCEL: running phases stop, staged data is discarded, nothing more is published")
    public Response cancel(@PathParam("id") String id, @HeaderParam("X-User") String user) {
        return command(id, BackfillCommandType.CANCEL, null, null, user);
    }

    @POST
    @Path("/{id}/approve")
    @Operation(summary = "APPROVE a backfill awaiting approval (e.g. after its canary passed)")
    public Response approve(@PathParam("id") String id, @HeaderParam("X-User") String user) {
        return command(id, BackfillCommandType.APPROVE, null, null, user);
    }

    @POST
    @Path("/{id}/rollback")
    @Operation(summary = "ROLLBACK the whole backfill, one phase (phaseId) or one partition (partition)")
    public Response rollback(
            @PathParam("id") String id,
            @QueryParam("phaseId") String phaseId,
            @QueryParam("partition") String partition,
            @HeaderParam("X-User") String user) {
        return command(id, BackfillCommandType.ROLLBACK, phaseId, partition, user);
    }

    private Response command(String id, BackfillCommandType type, String phaseId, String partition, String user) {
        BackfillCommand command = BackfillCommand.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setBackfillId(id)
                .setType(type)
                .setPhaseId(blankToNull(phaseId))
                .setPartition(blankToNull(partition))
                .setRequestedBy(Requester.newBuilder()
                        .setUser(user == null || user.isBlank() ? "anonymous" : user)
                        .setSource("REST")
                        .build())
                .setIssuedAt(Instant.now())
                .build();
        service.publisher().publishAndWait(Topics.BACKFILL_COMMANDS, id, command);
        return Response.accepted(Map.of("backfillId", id, "command", type.name(), "eventId", command.getEventId()))
                .build();
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
