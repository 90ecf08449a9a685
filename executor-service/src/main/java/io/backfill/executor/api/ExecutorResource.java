package io.backfill.executor.api;

import io.backfill.executor.app.ExecutorStatus;
import io.backfill.executor.app.ExecutorStatusSource;
import io.backfill.service.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Operator endpoints of one executor instance: what it runs and what admission allows now, and a
 * drain switch (no new phases or partitions here; running partitions finish) for maintenance. Reading
 * needs the viewer role, draining the operator role ({@link Roles}).
 */
@Path("/executor")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ExecutorResource {

    private final ExecutorStatusSource source;

    ExecutorResource(ExecutorStatusSource source) {
        this.source = source;
    }

    @GET
    public ExecutorStatus status() {
        return source.status();
    }

    @POST
    @Path("/drain")
    @RolesAllowed(Roles.OPERATOR)
    public ExecutorStatus drain() {
        source.drain(true);
        return source.status();
    }

    @POST
    @Path("/undrain")
    @RolesAllowed(Roles.OPERATOR)
    public ExecutorStatus undrain() {
        source.drain(false);
        return source.status();
    }
}
