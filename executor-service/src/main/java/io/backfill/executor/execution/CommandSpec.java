package io.backfill.executor.execution;

import io.backfill.core.Partition;
import io.backfill.core.TableRef;
import java.util.List;
import java.util.Objects;

/**
 * A planner command about one phase (mapped from {@code PhaseCommand} at the messaging edge).
 *
 * @param partitions the partitions it applies to; empty means the whole phase
 */
public record CommandSpec(
        String eventId,
        PhaseRef ref,
        Type type,
        TableRef target,
        String partitionColumn,
        List<Partition> partitions,
        String reason) {

    /** What the planner asks for; see the {@code PhaseCommandType} Avro enum. */
    public enum Type {
        PUBLISH,
        DISCARD,
        ROLLBACK,
        ABORT,
        PAUSE,
        RESUME;

        /** Controls act on a running phase at its next partition boundary and touch no data. */
        public boolean isControl() {
            return this == ABORT || this == PAUSE || this == RESUME;
        }
    }

    public CommandSpec {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(type, "type");
        partitions = List.copyOf(partitions);
    }
}
