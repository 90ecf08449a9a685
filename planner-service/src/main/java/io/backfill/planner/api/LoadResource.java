package io.backfill.planner.api;

import io.backfill.planner.app.PlannerService;
import io.backfill.planner.domain.projection.LoadReading;
import io.backfill.planner.load.LoadTimeline;
import io.backfill.service.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /warehouse/load?since=ISO}: the planner's warehouse's recent load samples, oldest first. */
@Path("/warehouse/load")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class LoadResource {

    /** The document: the warehouse and its samples. */
    public record LoadJson(String warehouseId, List<Sample> samples) {}

    /** One sample: pressure, latency ratio (null without a canary) and admitted budget (null when unknown). */
    public record Sample(Instant at, double pressure, Double latencyRatio, Double budget) {
        static Sample of(LoadReading r) {
            return new Sample(r.at(), r.pressure(), r.latencyRatio(), r.budget());
        }
    }

    private final PlannerService service;

    LoadResource(PlannerService service) {
        this.service = service;
    }

    @GET
    @Operation(
            summary = "The warehouse's recent load",
            description = "Samples read from warehouse-load for this planner's warehouse, at or after `since`"
                    + " (default: all kept, backfill.load.timeline), oldest first.")
    @APIResponse(responseCode = "200", description = "{warehouseId, samples[{at, pressure, latencyRatio, budget}]}")
    @APIResponse(responseCode = "400", description = "since is not an ISO instant")
    @APIResponse(responseCode = "404", description = "No sample of this warehouse was seen")
    public Response load(@QueryParam("since") String since) {
        Instant from;
        try {
            from = since == null || since.isBlank() ? Instant.EPOCH : Instant.parse(since);
        } catch (DateTimeParseException e) {
            return Response.status(400)
                    .entity(Map.of("problems", List.of("since: not an ISO instant: " + since)))
                    .build();
        }
        LoadTimeline timeline = service.load();
        if (timeline == null || timeline.latest().isEmpty()) {
            return Response.status(404)
                    .entity(Map.of(
                            "problems", List.of("no load sample of warehouse " + service.warehouseId() + " seen")))
                    .build();
        }
        List<Sample> samples = timeline.since(from).stream().map(Sample::of).toList();
        return Response.ok(new LoadJson(service.warehouseId(), samples)).build();
    }
}
