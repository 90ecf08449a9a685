package io.backfill.executor.domain.control;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link WarehouseBudgetController} measures. Defaults: {@link #defaults()}.
 *
 * @param window the measuring window of the latency ratio and of the used budget (default 2.5 s:
 *     CockroachDB found shorter windows jagged; at the default four canaries a second it holds ten)
 * @param tailWindow the window of the tail signal (default 30 s, 120 canaries): its
 *     {@code tailPercentile} over the quiet canaries' same percentile is what a user's tail feels; the
 *     short window's median reacts fast, this one sees the occasional slow query a median misses
 * @param tailPercentile the tail signal's percentile (default 0.9: a statement that slows one canary
 *     in ten shows; a p95 of a short window reads every single statement as a breach)
 * @param baselineWindow quiet canaries (nothing of the coordinator running) this far back make the
 *     baseline (default 60 s)
 * @param minQuietTicks quiet canaries needed before a baseline exists (default 3)
 * @param probeInterval with no quiet canary for this long, hold new work to take some (default 60 s)
 * @param probeTicks quiet canaries a probe hold collects before it ends (default 4)
 * @param maxHold the longest a probe hold lasts, on top of the running statements' duration (default 3 s)
 * @param idleWindow with no user query at any canary for this long there is nobody to protect and the
 *     whole budget is given (default 5 s, twenty canaries: a warehouse with users busy a tenth of the
 *     time shows one at nine windows in ten; the first user query seen ends it and the budget returns to
 *     what it was before)
 * @param minBaseline the least baseline a ratio is taken against (default 5 ms: a sub-millisecond
 *     canary varies by whole multiples with scheduling noise)
 * @param law the control law's tuning
 */
public record ControllerSettings(
        Duration window,
        Duration tailWindow,
        double tailPercentile,
        Duration baselineWindow,
        int minQuietTicks,
        Duration probeInterval,
        int probeTicks,
        Duration maxHold,
        Duration idleWindow,
        Duration minBaseline,
        BudgetLawSettings law) {

    public ControllerSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(tailWindow, "tailWindow");
        Objects.requireNonNull(baselineWindow, "baselineWindow");
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(maxHold, "maxHold");
        Objects.requireNonNull(idleWindow, "idleWindow");
        Objects.requireNonNull(minBaseline, "minBaseline");
        Objects.requireNonNull(law, "law");
        if (!(tailPercentile > 0.5 && tailPercentile < 1)) {
            throw new IllegalArgumentException("tailPercentile must be in (0.5, 1): " + tailPercentile);
        }
        if (window.isZero()
                || window.isNegative()
                || tailWindow.compareTo(window) < 0
                || baselineWindow.compareTo(tailWindow) < 0
                || idleWindow.compareTo(window) < 0
                || idleWindow.compareTo(tailWindow) > 0) {
            throw new IllegalArgumentException("window must be positive, tailWindow and baselineWindow at least as"
                    + " long, idleWindow between window and tailWindow");
        }
        if (minQuietTicks < 1 || probeTicks < 1) {
            throw new IllegalArgumentException("minQuietTicks and probeTicks must be at least 1");
        }
        if (probeInterval.isNegative() || probeInterval.isZero() || maxHold.isNegative() || minBaseline.isNegative()) {
            throw new IllegalArgumentException("probeInterval must be positive, maxHold and minBaseline not negative");
        }
    }

    public static ControllerSettings defaults() {
        return new ControllerSettings(
                Duration.ofMillis(2500),
                Duration.ofSeconds(30),
                0.9,
                Duration.ofSeconds(60),
                3,
                Duration.ofSeconds(60),
                4,
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                Duration.ofMillis(5),
                BudgetLawSettings.defaults());
    }

    public ControllerSettings withLaw(BudgetLawSettings newLaw) {
        return new ControllerSettings(
                window,
                tailWindow,
                tailPercentile,
                baselineWindow,
                minQuietTicks,
                probeInterval,
                probeTicks,
                maxHold,
                idleWindow,
                minBaseline,
                newLaw);
    }
}
