package io.backfill.validator.app;

import io.backfill.service.ServiceShell;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the consumer loops poll and the warehouse answers a trivial query. */
@Readiness
@ApplicationScoped
public class ValidatorHealth implements HealthCheck {

    private final ValidatorService service;

    ValidatorHealth(ValidatorService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        boolean kafka = service.healthy();
        boolean warehouse = ServiceShell.warehouseAnswers(service.warehouse());
        return HealthCheckResponse.named("validator")
                .status(kafka && warehouse)
                .withData("kafka", kafka)
                .withData("warehouse", warehouse)
                .build();
    }
}
