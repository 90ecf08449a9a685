package io.backfill.executor.app;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the phase consumer polls and the broker answers, the load feed follows
 * {@code warehouse-load}, and the warehouse answers a trivial query within 5 s. Not ready otherwise, so a load balancer or Kubernetes stops counting on it.
 */
@Readiness
@ApplicationScoped
public class ExecutorHealth implements HealthCheck {

    private final ExecutorService service;

    ExecutorHealth(ExecutorService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        boolean kafka = service.kafkaHealthy();
        boolean warehouse = service.warehouseHealthy();
        return HealthCheckResponse.named("executor")
                .status(kafka && warehouse)
                .withData("kafka", kafka)
                .withData("warehouse", warehouse)
                .withData(
                        "loadFeed",
                        service.loadFeedFailure().map(why -> "died: " + why).orElse("following"))
                .withData(
                        "admissionControlFeed",
                        service.operatorControlFeedFailure()
                                .map(why -> "died: " + why)
                                .orElse("following"))
                .build();
    }
}
