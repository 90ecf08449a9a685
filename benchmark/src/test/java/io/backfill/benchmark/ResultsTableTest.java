package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.admission.AdmissionStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

    @Test
    void ratiosCompareWithTheBaselineOfTheSameKind() {
        // given
        ScenarioResult baseline = result(new Scenario("baseline", Optional.empty(), 1, false), 10, 20, true);
        ScenarioResult spikeBaseline = result(new Scenario("baseline-spike", Optional.empty(), 1, true), 40, 80, true);
        ScenarioResult none = result(new Scenario("none", Optional.of(AdmissionStrategy.NONE), 1, false), 30, 60, true);
        ScenarioResult staticSpike =
                result(new Scenario("static1-spike", Optional.of(AdmissionStrategy.STATIC), 1, true), 60, 80, false);

        // when
        String table = ResultsTable.scenarios(List.of(baseline, none, spikeBaseline, staticSpike));

        // then
        assertThat(table.lines()).hasSize(6);
        assertThat(table.lines().toList().get(3)).contains("| none | none | no |", "| 3.00× |", "| 3.00× |");
        assertThat(table.lines().toList().get(5))
                .contains("| static1-spike | static 1 | yes |", "(limit)", "| 1.50× |", "| 1.00× |");
    }

    @Test
    void targetsShowWhatWasNotMetInBold() {
        // given
        List<Target> targets = List.of(
                Target.of("reaction", "≤ 2 s", "1.1 s", true),
                Target.of("makespan", "≤ 0.5×", "0.9×", false),
                Target.notMeasured("recovery", "–", "no phase caught"));

        // when
        String table = ResultsTable.targets(targets);

        // then
        assertThat(table).contains("| reaction | ≤ 2 s | 1.1 s | met |");
        assertThat(table).contains("| makespan | ≤ 0.5× | 0.9× | **NOT met** |");
        assertThat(table).contains("| recovery | – | no phase caught | **not measured** |");
    }

    static ScenarioResult result(Scenario scenario, double p95, double p99, boolean completed) {
        return new ScenarioResult(
                scenario,
                60,
                completed,
                Duration.ofSeconds(30),
                p95 / 2,
                p95,
                p99,
                100,
                0,
                "whole run",
                2,
                60,
                List.of(new TimelinePoint(0, 0.5, 2, 1, 0), new TimelinePoint(10, 0.8, 3, 2, 30)),
                List.of(new LatencyTimeline.Bucket(0, 10, p95 / 2, p95, p99)),
                List.of(Duration.ofMillis(40)));
    }
}
