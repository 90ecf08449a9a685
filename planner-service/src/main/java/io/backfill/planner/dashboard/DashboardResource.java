package io.backfill.planner.dashboard;

import io.backfill.events.BackfillStatus;
import io.backfill.planner.app.PlannerService;
import io.backfill.service.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The read API behind the web dashboard ({@code /dashboard/}, static files in
 * {@code META-INF/resources/dashboard}): the list of backfills with progress and ETA, one backfill's
 * heatmap (aggregated on the server into at most {@code cells} cells), its phases with every gate
 * check, its partitions-per-second timeline, who is signed in, and a server-sent event stream of
 * changes. Commands go to the existing {@code POST /backfills/{id}/…} endpoints.
 */
@Path("/dashboard/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class DashboardResource {

    /** The roles the page knows; each enables what the role may do. */
    static final List<String> ROLES = List.of("viewer", "submitter", "operator");

    private final PlannerService service;
    private final DashboardFeed feed;
    private final HeatmapCache heatmaps;

    DashboardResource(PlannerService service, DashboardFeed feed) {
        this.service = service;
        this.feed = feed;
        this.heatmaps = feed.heatmaps();
    }

    @GET
    @Path("/backfills")
    @Operation(summary = "Every backfill: state, progress and projected finish against its deadline")
    public Response backfills() {
        return read(() -> Response.ok(DashboardReads.list(service.view())).build());
    }

    @GET
    @Path("/backfills/{id}")
    @Operation(summary = "One backfill: its summary row, alerts and problems")
    public Response backfill(@PathParam("id") String id) {
        return withStatus(id, s -> Response.ok(DashboardReads.detail(s)).build());
    }

    @GET
    @Path("/backfills/{id}/heatmap")
    @Operation(
            summary = "Every partition of the range folded into at most `cells` cells (1 to 10000, default 2000),"
                    + " each with its counts by state; a one-partition cell also names rows, compute, phase,"
                    + " executor, attempt and gate decision")
    public Response heatmap(@PathParam("id") String id, @QueryParam("cells") @DefaultValue("2000") int cells) {
        if (cells < 1 || cells > Heatmap.MAX_CELLS) {
            return problems(400, "cells: must be 1 to " + Heatmap.MAX_CELLS + ", was " + cells);
        }
        return withStatus(
                id,
                s -> Response.ok(heatmaps.get(
                                id,
                                s.getUpdatedAt().toEpochMilli(),
                                cells,
                                () -> DashboardReads.heatmap(service.view(), s, cells)))
                        .build());
    }

    @GET
    @Path("/backfills/{id}/phases")
    @Operation(
            summary = "One page of phases with their latest gate decision and every check's observed and"
                    + " expected values")
    public Response phases(
            @PathParam("id") String id,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0 || limit < 1 || limit > 500) {
            return problems(400, "offset must be ≥ 0 and limit 1 to 500, were " + offset + " and " + limit);
        }
        return withStatus(
                id,
                s -> Response.ok(DashboardReads.phases(service.view(), s, feed.gates(), offset, limit))
                        .build());
    }

    @GET
    @Path("/backfills/{id}/throughput")
    @Operation(summary = "Partitions per second over the last hour, one point every 5 s, sampled by this planner")
    public Response throughput(@PathParam("id") String id) {
        return withStatus(
                id,
                s -> Response.ok(Map.of(
                                "backfillId", id, "points", feed.throughput().points(id)))
                        .build());
    }

    @GET
    @Path("/me")
    @PermitAll
    @Operation(summary = "Who the request is from and which of viewer, submitter, operator they hold")
    public Map<String, Object> me(@Context SecurityContext security) {
        Principal principal = security == null ? null : security.getUserPrincipal();
        List<String> roles = new ArrayList<>();
        if (principal != null) {
            ROLES.stream().filter(security::isUserInRole).forEach(roles::add);
        }
        Map<String, Object> me = new HashMap<>();
        me.put("name", principal == null ? null : principal.getName());
        me.put("roles", roles);
        me.put("authenticated", principal != null);
        return me;
    }

    @GET
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-sent events: which backfill changed (id, state, version), heartbeats every 15 s")
    public Multi<Changes.Change> stream() {
        return feed.stream();
    }

    private Response withStatus(String id, Function<BackfillStatus, Response> answer) {
        return read(() -> {
            Optional<BackfillStatus> status = service.view().get(id);
            return status.map(answer).orElseGet(() -> problems(404, "no backfill " + id));
        });
    }

    private Response read(java.util.function.Supplier<Response> answer) {
        if (service.view() == null) {
            return problems(503, "status view is starting; try again shortly");
        }
        try {
            return answer.get();
        } catch (InvalidStateStoreException e) {
            return problems(503, "status view is starting; try again shortly");
        }
    }

    private static Response problems(int status, String problem) {
        return Response.status(status)
                .entity(Map.of("problems", List.of(problem)))
                .build();
    }
}
