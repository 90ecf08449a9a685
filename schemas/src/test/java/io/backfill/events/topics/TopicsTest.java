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
                .containsExactlyInAnyOrder("warehouse-load", "backfill-status");
    }

    @Test
    void phasesAreKeyedByPhaseIdAndEverythingPerBackfillByBackfillId() {
        assertThat(Topics.BACKFILL_PHASES.keyMeaning()).isEqualTo("phaseId");
        assertThat(Topics.ALL.stream()
                        .filter(t -> t != Topics.BACKFILL_PHASES && t != Topics.WAREHOUSE_LOAD)
                        .map(Topic::keyMeaning))
                .containsOnly("backfillId");
    }

    @Test
    void deadLetterTopicIsNamedAfterTheSource() {
        assertThat(Topics.BACKFILL_REQUESTS.deadLetterTopic()).isEqualTo("backfill-requests-dlq");
    }
}
