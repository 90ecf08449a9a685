package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StallWatchdogTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    private final StallWatchdog watchdog = new StallWatchdog(clock, Duration.ofSeconds(30));

    @Test
    void isNotStalledWhileTheLoopBeatsWithinTheBound() {
        // given: beats 20 s apart
        watchdog.beat();
        clock.advance(Duration.ofSeconds(20));
        watchdog.beat();
        clock.advance(Duration.ofSeconds(20));

        // then
        assertThat(watchdog.stall()).isEmpty();
    }

    @Test
    void isNotStalledExactlyAtTheBound() {
        watchdog.beat();
        clock.advance(Duration.ofSeconds(30));

        assertThat(watchdog.stall()).isEmpty();
    }

    @Test
    void saysHowLongAndOnWhatTheLoopIsStuckOncePastTheBound() {
        // given: the loop started retrying one write and never came back
        watchdog.beat();
        watchdog.doing("retrying a write to backfill-status (key b-1), attempt 9: timeout");

        // when
        clock.advance(Duration.ofSeconds(47));

        // then
        assertThat(watchdog.stall())
                .hasValue("no planner loop iteration for 47 s (bound 30 s); busy with: retrying a write to"
                        + " backfill-status (key b-1), attempt 9: timeout");
    }

    @Test
    void recoversWithTheNextBeat() {
        watchdog.doing("tick");
        clock.advance(Duration.ofMinutes(5));
        assertThat(watchdog.stall()).isPresent();

        // when
        watchdog.beat();

        // then
        assertThat(watchdog.stall()).isEmpty();
    }

    @Test
    void rebuildingAgainAndAgainCountsAsStalledThoughTheLoopBeats() {
        // given: three aborted transactions within a minute (twice the bound), beats in between
        watchdog.rewound("transaction failed: one");
        clock.advance(Duration.ofSeconds(20));
        watchdog.beat();
        watchdog.rewound("transaction failed: two");
        clock.advance(Duration.ofSeconds(20));
        watchdog.beat();
        watchdog.rewound("transaction failed: three");

        // then
        assertThat(watchdog.stall())
                .hasValue(
                        "the planner rebuilt from Kafka 3 times within 60 s; last because: transaction failed: three");
    }

    @Test
    void anOccasionalRebuildIsRecoveryNotAStall() {
        // given: three rebuilds, but spread over more than twice the bound
        watchdog.rewound("one");
        clock.advance(Duration.ofSeconds(40));
        watchdog.rewound("two");
        clock.advance(Duration.ofSeconds(40));
        watchdog.beat();
        watchdog.rewound("three");

        // then
        assertThat(watchdog.stall()).isEmpty();
    }
}
