package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.events.BackfillRequested;
import io.backfill.events.Budget;
import io.backfill.events.PhasePlanned;
import io.backfill.planner.domain.lifecycle.Instruction.ReleasePhase;
import io.backfill.planner.domain.split.PhasePlan;
import java.time.Instant;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class InstructionEncoderTest {

    private static final Instant NOW = Instant.parse("2026-03-10T00:00:00Z");
    private static final PhasePlan PHASE = new PhasePlan(
            "bf-p0",
            0,
            PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-03-01", "2026-03-03")
                    .partitions(),
            12);

    private static BackfillRequested.Builder request() {
        return Events.request("wh", "bf", "analytics", "sales", "2026-03-01", "2026-03-03");
    }

    private static PhasePlanned encode(BackfillRequested request, OptionalDouble allowance) {
        return (PhasePlanned)
                InstructionEncoder.encode(new ReleasePhase("bf", PHASE, 1, allowance), request, 1, "tick", null, NOW)
                        .getInstruction();
    }

    @Test
    void narrowsThePhasesComputeBudgetToWhatIsLeftOfTheBackfills() {
        BackfillRequested request = request()
                .setBudget(Budget.newBuilder()
                        .setMaxComputeSeconds(100.0)
                        .setMaxPhasesInFlight(2)
                        .build())
                .build();

        PhasePlanned planned = encode(request, OptionalDouble.of(40.0));

        assertThat(planned.getBudget().getMaxComputeSeconds()).isEqualTo(40.0);
        assertThat(planned.getBudget().getMaxPhasesInFlight()).isEqualTo(2);
        assertThat(request.getBudget().getMaxComputeSeconds()).isEqualTo(100.0);
    }

    @Test
    void keepsATighterPerPhaseCap() {
        BackfillRequested request = request()
                .setBudget(Budget.newBuilder().setMaxComputeSeconds(100.0).build())
                .setPhaseBudget(Budget.newBuilder().setMaxComputeSeconds(15.0).build())
                .build();

        assertThat(encode(request, OptionalDouble.of(40.0)).getBudget().getMaxComputeSeconds())
                .isEqualTo(15.0);
        assertThat(encode(request, OptionalDouble.of(5.0)).getBudget().getMaxComputeSeconds())
                .isEqualTo(5.0);
    }

    @Test
    void sendsTheBudgetUnchangedWithoutAComputeBudget() {
        BackfillRequested request = request().build();

        PhasePlanned planned = encode(request, OptionalDouble.empty());

        assertThat(planned.getBudget()).isEqualTo(request.getBudget());
        assertThat(planned.getEstimatedSeconds()).isEqualTo(12.0);
        assertThat(planned.getPartitions()).containsExactly("2026-03-01", "2026-03-02");
    }
}
