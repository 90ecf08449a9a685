package io.backfill.executor.domain.admission;

import java.time.Clock;
import java.util.function.DoubleSupplier;

/** Builds the controller a config names, wrapped so it can also be paused by command. */
public final class AdmissionControllers {

    private AdmissionControllers() {}

    public static CommandPausableController create(AdmissionConfig config, Clock clock) {
        return create(config, clock, () -> 1.0);
    }

    /**
     * @param share this executor's fraction of the warehouse budget (its part of the consumer group's
     *     partitions), for {@code adaptive}
     */
    public static CommandPausableController create(AdmissionConfig config, Clock clock, DoubleSupplier share) {
        AdmissionController strategy = switch (config.strategy()) {
            case ADAPTIVE -> new AdaptiveAdmissionController(config, clock, share);
            case STATIC -> new StaticAdmissionController(config);
            case NONE -> new UnthrottledAdmissionController(config);
        };
        return new CommandPausableController(strategy);
    }
}
