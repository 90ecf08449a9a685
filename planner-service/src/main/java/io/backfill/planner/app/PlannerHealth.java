package io.backfill.planner.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the planner loop polls, the status view runs and the warehouse answers a trivial query. */
@Readiness
@ApplicationScoped
public class PlannerHealth implements HealthCheck {

    private final PlannerService service;

    PlannerHealth(PlannerService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        boolean kafka = service.healthy();
        boolean view = service.viewHealthy();
        boolean warehouse = service.warehouseAnswers();
        return HealthCheckResponse.named("planner")
                .status(kafka && view && warehouse)
                .withData("kafka", kafka)
                .withData("statusView", view)
                .withData("warehouse", warehouse)
                .build();
    }
}
