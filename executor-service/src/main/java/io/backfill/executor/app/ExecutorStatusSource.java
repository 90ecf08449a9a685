package io.backfill.executor.app;

import io.backfill.executor.messaging.ExecutorNode;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads and drains the running node for the REST resource. */
@ApplicationScoped
public class ExecutorStatusSource {

    private final ExecutorService service;

    ExecutorStatusSource(ExecutorService service) {
        this.service = service;
    }

    public ExecutorStatus status() {
        return of(service.node());
    }

    /** The status of one node: what it runs, what admission allows and why. */
    public static ExecutorStatus of(ExecutorNode node) {
        var decision = node.decision();
        return new ExecutorStatus(
                node.executorId(),
                decision.permits(),
                decision.pause().map(Enum::name).orElse(null),
                node.running().all().stream()
                        .map(c -> c.ref().phaseId())
                        .sorted()
                        .toList(),
                node.assignment().stream().map(Object::toString).sorted().toList(),
                ExecutorStatus.Throttle.of(node.explain()),
                node.operatorControls().activeThrottles().stream()
                        .map(ExecutorStatus.ManualThrottle::of)
                        .toList(),
                ExecutorStatus.Overrides.of(node.operatorControls().settings()));
    }

    public void drain(boolean drain) {
        if (drain) {
            service.node().drain();
        } else {
            service.node().undrain();
        }
    }
}
