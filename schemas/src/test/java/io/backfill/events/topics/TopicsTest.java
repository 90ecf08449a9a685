package io.backfill.events.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void namesAreUniqueKebabCaseNouns() {
        assertThat(Topics.ALL)
                .extracting(Topic::name)
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[a-z]+(-[a-z]+)*"));
    }

    @Test
    void onlyCurrentStateTopicsAreCompacted() {
        assertThat(Topics.ALL.stream().filter(Topic::compacted).map(Topic::name))
                .containsExactlyInAnyOrder(
                        "warehouse-load", "admission-control", "backfill-status", "backfill-phase-status");
    }

    @Test
    void phasesAreKeyedByPhaseIdAndEverythingPerBackfillByBackfillId() {
        assertThat(Topics.BACKFILL_PHASES.keyMeaning()).isEqualTo("phaseId");
        assertThat(Topics.ALL.stream()
                        .filter(t -> t != Topics.BACKFILL_PHASES
                                && t != Topics.WAREHOUSE_LOAD
                                && t != Topics.ADMISSION_CONTROL
                                && t != Topics.BACKFILL_PHASE_STATUS)
                        .map(Topic::keyMeaning))
                .containsOnly("backfillId");
    }

    @Test
    void phaseStatusKeysSortInSequenceOrderAndNameTheirBackfill() {
        assertThat(PhaseStatusKey.of("bf-1", 42)).isEqualTo("bf-1/00000042");
        assertThat(PhaseStatusKey.of("bf-1", 9)).isLessThan(PhaseStatusKey.of("bf-1", 10));
        assertThat(PhaseStatusKey.backfillId("bf-1/00000042")).isEqualTo("bf-1");
        assertThat(PhaseStatusKey.sequence("bf-1/00000042")).isEqualTo(42);
        assertThat(Topics.BACKFILL_PHASE_STATUS.keyMeaning()).isEqualTo("backfillId/sequence");
    }

    @Test
    void admissionControlKeysKeepSettingsWarehouseThrottleAndEachBackfillsThrottleApart() {
        assertThat(AdmissionControlKey.settings("wh-1")).isEqualTo("wh-1/settings");
        assertThat(AdmissionControlKey.throttle("wh-1", null)).isEqualTo("wh-1/throttle");
        assertThat(AdmissionControlKey.throttle("wh-1", "bf-1")).isEqualTo("wh-1/throttle/bf-1");
        assertThat(AdmissionControlKey.throttle("wh-1", "bf-2"))
                .isNotEqualTo(AdmissionControlKey.throttle("wh-1", "bf-1"));
    }

    @Test
    void deadLetterTopicIsNamedAfterTheSource() {
        assertThat(Topics.BACKFILL_REQUESTS.deadLetterTopic()).isEqualTo("backfill-requests-dlq");
    }
}
