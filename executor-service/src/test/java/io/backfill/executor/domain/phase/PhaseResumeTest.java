package io.backfill.executor.domain.phase;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhaseResumeTest {

    @Test
    void resumesAtTheFirstUnstagedPartitionKeepingThePhaseOrder() {
        List<String> remaining = PhaseResume.remaining(
                List.of("2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"), Set.of("2026-03-01", "2026-03-03"));

        assertThat(remaining).containsExactly("2026-03-02", "2026-03-04");
    }

    @Test
    void redoesNothingWhenEveryPartitionIsStaged() {
        assertThat(PhaseResume.remaining(List.of("a", "b"), List.of("b", "a"))).isEmpty();
    }
}
