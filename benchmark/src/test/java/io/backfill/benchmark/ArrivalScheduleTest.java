package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    @Test
    void steadyArrivalsComeAtTheConfiguredRateOnAverage() {
        ArrivalSchedule schedule = new ArrivalSchedule(LoadProfile.steady(50), new SplittableRandom(1));

        long count = 0;
        long last = 0;
        while ((last = schedule.next()) < Duration.ofSeconds(200).toNanos()) {
            count++;
        }

        assertThat(count / 200.0).isCloseTo(50, within(1.5));
    }

    @Test
    void burstyArrivalsFollowTheBusyAndQuietRates() {
        LoadProfile profile = LoadProfile.bursty(100, 10, Duration.ofSeconds(10), Duration.ofSeconds(10));
        ArrivalSchedule schedule = new ArrivalSchedule(profile, new SplittableRandom(2));

        long busy = 0;
        long quiet = 0;
        long t;
        while ((t = schedule.next()) < Duration.ofSeconds(400).toNanos()) {
            if (profile.busyAt(t)) {
                busy++;
            } else {
                quiet++;
            }
        }

        assertThat(busy / 200.0).isCloseTo(100, within(3.0));
        assertThat(quiet / 200.0).isCloseTo(10, within(1.0));
    }

    @Test
    void idleProfileHasNoArrivals() {
        assertThat(new ArrivalSchedule(LoadProfile.idle(), new SplittableRandom(3)).next())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void arrivalsAreStrictlyIncreasing() {
        ArrivalSchedule schedule = new ArrivalSchedule(LoadProfile.steady(1000), new SplittableRandom(4));
        long previous = -1;
        for (int i = 0; i < 10_000; i++) {
            long next = schedule.next();
            assertThat(next).isGreaterThanOrEqualTo(previous);
            previous = next;
        }
    }
}
