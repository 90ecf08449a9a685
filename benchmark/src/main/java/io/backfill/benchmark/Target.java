package io.backfill.benchmark;

import java.util.Optional;

/**
 * One target beside what was measured. {@code met} is empty when the figure could not be measured in
 * this run (reported as such, never as met).
 *
 * @param id T1…T6, as the admission-control issue names them
 * @param goal what must be true, in words with its numbers
 * @param measured what this run measured, with the figures the verdict rests on
 */
record Target(String id, String goal, String measured, Optional<Boolean> met) {

    static Target of(String id, String goal, String measured, boolean met) {
        return new Target(id, goal, measured, Optional.of(met));
    }

    static Target notMeasured(String id, String goal, String why) {
        return new Target(id, goal, why, Optional.empty());
    }

    String verdict() {
        return met.map(m -> m ? "met" : "**NOT met**").orElse("not measured");
    }
}
