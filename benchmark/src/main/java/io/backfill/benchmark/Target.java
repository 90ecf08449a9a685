package io.backfill.benchmark;

import java.util.Optional;

/**
 * One target of the issue beside what was measured. {@code met} is empty when the figure could not be
 * measured in this run (which is reported as such, never as met).
 */
record Target(String name, String target, String measured, Optional<Boolean> met) {

    static Target of(String name, String target, String measured, boolean met) {
        return new Target(name, target, measured, Optional.of(met));
    }

    static Target notMeasured(String name, String target, String why) {
        return new Target(name, target, why, Optional.empty());
    }

    String verdict() {
        return met.map(m -> m ? "met" : "NOT met").orElse("not measured");
    }
}
