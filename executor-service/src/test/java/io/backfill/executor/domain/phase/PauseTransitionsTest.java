package io.backfill.executor.domain.phase;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.phase.PauseTransitions.Change;
import org.junit.jupiter.api.Test;

class PauseTransitionsTest {

    @Test
    void reportsOnePausedPerReasonAndOneResumed() {
        PauseTransitions transitions = new PauseTransitions();

        assertThat(transitions.running()).isEmpty();
        assertThat(transitions.paused("HARD_CEILING")).contains(new Change.Paused("HARD_CEILING"));
        assertThat(transitions.paused("HARD_CEILING")).isEmpty();
        assertThat(transitions.paused("STALE_LOAD_SAMPLE")).contains(new Change.Paused("STALE_LOAD_SAMPLE"));
        assertThat(transitions.running()).contains(new Change.Resumed("STALE_LOAD_SAMPLE"));
        assertThat(transitions.running()).isEmpty();
        assertThat(transitions.isPaused()).isFalse();
    }
}
