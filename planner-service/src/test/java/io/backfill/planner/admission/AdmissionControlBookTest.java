package io.backfill.planner.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.AdmissionControlKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdmissionControlBookTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private final AdmissionControlBook book = new AdmissionControlBook("wh");

    @Test
    void aThrottleIsInForceUntilItExpiresAndIsNamedWithWhoUntilWhenAndWhy() {
        book.apply(throttle("wh", null, 0.0, T0, Duration.ofMinutes(10), "alice", "incident 42"));

        assertThat(book.activeThrottles(T0.plusSeconds(599))).hasSize(1);
        assertThat(book.throttleReason("bf-1", T0.plusSeconds(1)))
                .hasValue("manual throttle 0.0 of the warehouse by alice until 12:10:00Z: incident 42");
        assertThat(book.activeThrottles(T0.plusSeconds(600))).isEmpty();
        assertThat(book.throttleReason("bf-1", T0.plusSeconds(600))).isEmpty();
    }

    @Test
    void aBackfillsThrottleAppliesToItAloneAndTheLowerFactorOfItAndTheWarehousesIsTheReason() {
        book.apply(throttle("wh", "bf-1", 0.5, T0, Duration.ofMinutes(10), "bob", null));

        assertThat(book.throttleReason("bf-1", T0))
                .hasValueSatisfying(r -> assertThat(r).startsWith("manual throttle 0.5 of backfill bf-1 by bob"));
        assertThat(book.throttleReason("bf-2", T0)).isEmpty();

        book.apply(throttle("wh", null, 0.2, T0, Duration.ofMinutes(10), "alice", null));
        assertThat(book.throttleReason("bf-1", T0))
                .hasValueSatisfying(r -> assertThat(r).startsWith("manual throttle 0.2 of the warehouse"));
    }

    @Test
    void anUnthrottleLiftsOnlyItsScopeAndAnOlderChangeArrivingLateIsIgnored() {
        AdmissionControlChanged first = throttle("wh", null, 0.0, T0, Duration.ofMinutes(10), "alice", null);
        book.apply(first);
        book.apply(throttle("wh", "bf-1", 0.0, T0, Duration.ofMinutes(10), "alice", null));
        book.apply(unthrottle("wh", null, T0.plusSeconds(5)));

        assertThat(book.activeThrottle(null, T0.plusSeconds(6))).isEmpty();
        assertThat(book.activeThrottle("bf-1", T0.plusSeconds(6))).isPresent();

        // the feed replays the first throttle after REST already recorded its lifting
        book.apply(first);
        assertThat(book.activeThrottle(null, T0.plusSeconds(6))).isEmpty();
    }

    @Test
    void keepsTheLatestSettingsAndIgnoresOtherWarehouses() {
        book.apply(settings("wh", 1.3, T0));
        book.apply(settings("other", 2.0, T0.plusSeconds(1)));
        book.apply(settings("wh", 1.5, T0.plusSeconds(2)));
        book.apply(settings("wh", 1.1, T0.plusSeconds(1)));

        assertThat(book.settings())
                .hasValueSatisfying(s -> assertThat(s.getTargetLatencyRatio()).isEqualTo(1.5));
        book.apply(throttle("other", null, 0.0, T0, Duration.ofMinutes(1), "x", null));
        assertThat(book.activeThrottles(T0)).isEmpty();
    }

    static AdmissionControlChanged throttle(
            String warehouse, String backfill, double factor, Instant at, Duration ttl, String who, String reason) {
        return base(warehouse, backfill, AdmissionControlKind.THROTTLE, at)
                .setFactor(factor)
                .setExpiresAt(at.plus(ttl))
                .setChangedBy(who)
                .setReason(reason)
                .build();
    }

    static AdmissionControlChanged unthrottle(String warehouse, String backfill, Instant at) {
        return base(warehouse, backfill, AdmissionControlKind.UNTHROTTLE, at).build();
    }

    static AdmissionControlChanged settings(String warehouse, double target, Instant at) {
        return base(warehouse, null, AdmissionControlKind.SETTINGS, at)
                .setTargetLatencyRatio(target)
                .build();
    }

    private static AdmissionControlChanged.Builder base(
            String warehouse, String backfill, AdmissionControlKind kind, Instant at) {
        return AdmissionControlChanged.newBuilder()
                .setEventId(kind + "@" + at)
                .setWarehouseId(warehouse)
                .setBackfillId(backfill)
                .setKind(kind)
                .setChangedBy("someone")
                .setChangedAt(at);
    }
}
