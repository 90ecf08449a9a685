package io.backfill.executor.domain.admission;

import java.time.Clock;

/** Builds the controller a config names, wrapped so it can also be paused by command. */
public final class AdmissionControllers {

    private AdmissionControllers() {}

    public static CommandPausableController create(AdmissionConfig config, Clock clock) {
        AdmissionController strategy = switch (config.strategy()) {
            case ADAPTIVE -> new AdaptiveAdmissionController(config, clock);
            case STATIC -> new StaticAdmissionController(config);
            case NONE -> new UnthrottledAdmissionController(config);
        };
        return new CommandPausableController(strategy);
    }
}
