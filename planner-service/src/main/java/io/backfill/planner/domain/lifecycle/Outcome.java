package io.backfill.planner.domain.lifecycle;

import java.util.List;

/**
 * The result of applying one input to a {@link BackfillRun}: applied (with the instructions to
 * emit), a duplicate (already applied: emit nothing), or refused (with a message for the status
 * topic or the DLQ). Refusal is a value, not an exception, so one bad record never stops a consumer.
 */
public record Outcome(Kind kind, List<Instruction> instructions, String refusal) {

    public enum Kind {
        APPLIED,
        DUPLICATE,
        REFUSED
    }

    public Outcome {
        instructions = List.copyOf(instructions);
    }

    static Outcome applied(List<Instruction> instructions) {
        return new Outcome(Kind.APPLIED, instructions, null);
    }

    static Outcome applied() {
        return applied(List.of());
    }

    static Outcome duplicate() {
        return new Outcome(Kind.DUPLICATE, List.of(), null);
    }

    static Outcome refused(String why) {
        return new Outcome(Kind.REFUSED, List.of(), why);
    }

    public boolean isApplied() {
        return kind == Kind.APPLIED;
    }

    public boolean isRefused() {
        return kind == Kind.REFUSED;
    }
}
