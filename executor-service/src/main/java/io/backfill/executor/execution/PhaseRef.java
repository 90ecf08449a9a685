package io.backfill.executor.execution;

import java.util.Objects;

/** Which phase attempt an event is about: the ids every progress event and log line carries. */
public record PhaseRef(String backfillId, String phaseId, int attempt) {

    public PhaseRef {
        Objects.requireNonNull(backfillId, "backfillId");
        Objects.requireNonNull(phaseId, "phaseId");
    }

    @Override
    public String toString() {
        return "backfill " + backfillId + " phase " + phaseId + " attempt " + attempt;
    }
}
