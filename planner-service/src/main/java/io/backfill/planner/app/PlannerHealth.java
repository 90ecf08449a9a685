package io.backfill.planner.app;

import io.backfill.planner.messaging.PlannerNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the planner loop follows its inputs (rebuilt, not fenced by a newer planner of the
 * warehouse, not stalled), the status view runs and the warehouse answers a trivial query. The
 * {@code plannerLoop} detail says why the loop is not ready, e.g. fenced or what it is stuck on.
 */
@Readiness
@ApplicationScoped
public class PlannerHealth implements HealthCheck {

    private final PlannerService service;

    PlannerHealth(PlannerService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        PlannerNode.Health loop = service.plannerHealth();
        boolean kafka = loop.ready();
        boolean view = service.viewHealthy();
        boolean warehouse = service.warehouseAnswers();
        return HealthCheckResponse.named("planner")
                .status(kafka && view && warehouse)
                .withData("kafka", kafka)
                .withData("plannerLoop", loop.reason())
                .withData("statusView", view)
                .withData("warehouse", warehouse)
                .build();
    }
}
