package io.backfill.planner.domain.planning;

import io.backfill.planner.domain.lifecycle.Instruction;
import io.backfill.planner.domain.projection.Alert;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one input (a request, an event, a tick) made the {@link Planner} decide: instructions for
 * executors, alerts for humans, the backfills whose status changed (to republish), and a refusal
 * message when the input was not applicable. The messaging layer turns it into records.
 */
public record Step(List<Instruction> instructions, List<Alert> alerts, Set<String> changed, Optional<String> refusal) {

    public Step {
        instructions = List.copyOf(instructions);
        alerts = List.copyOf(alerts);
        changed = Set.copyOf(changed);
        refusal = refusal == null ? Optional.empty() : refusal;
    }

    public static Step none() {
        return new Step(List.of(), List.of(), Set.of(), Optional.empty());
    }

    public static Step refused(String why) {
        return new Step(List.of(), List.of(), Set.of(), Optional.of(why));
    }

    public boolean isEmpty() {
        return instructions.isEmpty() && alerts.isEmpty() && changed.isEmpty();
    }

    /** Collects a step piece by piece. */
    static final class Builder {
        private final List<Instruction> instructions = new ArrayList<>();
        private final List<Alert> alerts = new ArrayList<>();
        private final Set<String> changed = new LinkedHashSet<>();
        private String refusal;

        Builder instructions(List<Instruction> more) {
            instructions.addAll(more);
            return this;
        }

        Builder alert(Alert alert) {
            alerts.add(alert);
            return this;
        }

        Builder changed(String backfillId) {
            changed.add(backfillId);
            return this;
        }

        Builder refusal(String why) {
            refusal = why;
            return this;
        }

        Step build() {
            return new Step(instructions, alerts, changed, Optional.ofNullable(refusal));
        }
    }
}
