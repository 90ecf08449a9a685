package io.backfill.planner.api;

import io.backfill.planner.app.PlannerService;
import io.backfill.planner.history.HistoryIndex;
import io.backfill.service.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /backfills/{id}/history}: every event about a backfill, in order, rebuilt from the topics on
 * the planner's start (see {@link io.backfill.planner.history.HistoryFeed}).
 */
@Path("/backfills/{id}/history")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class HistoryResource {

    static final int MAX_LIMIT = 1000;

    private final PlannerService service;

    HistoryResource(PlannerService service) {
        this.service = service;
    }

    @GET
    @Operation(
            summary = "A backfill's audit history",
            description = "Every event about the backfill in order (record time, then the topic's place in the"
                    + " flow): request, plan, releases, partitions staged, gate decisions, publishes with"
                    + " checksums, commands with who sent them, rollbacks and alerts.")
    @APIResponse(responseCode = "200", description = "{backfillId, total, offset, events[]}")
    @APIResponse(responseCode = "400", description = "offset < 0 or limit outside 1..1000")
    @APIResponse(responseCode = "404", description = "No event about this id is known")
    @APIResponse(responseCode = "503", description = "The history is still being rebuilt from the topics")
    public Response history(
            @PathParam("id") String id,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("200") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            return Response.status(400)
                    .entity(Map.of("problems", List.of("offset must be >= 0 and limit 1.." + MAX_LIMIT)))
                    .build();
        }
        HistoryIndex index = service.history();
        if (index == null || !service.historyReady()) {
            return Response.status(503)
                    .entity(Map.of("problems", List.of("the history is being rebuilt from the topics")))
                    .build();
        }
        return index.page(id, offset, limit)
                .map(page -> Response.ok(page).build())
                .orElseGet(() -> Response.status(404)
                        .entity(Map.of("problems", List.of("no event about backfill " + id)))
                        .build());
    }
}
