package io.backfill.executor.domain.control;

import io.backfill.executor.domain.admission.AdmissionExplanation;
import io.backfill.executor.domain.admission.AdmissionExplanation.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * One warehouse's work budget, decided in one place (the elected load sampler) for every executor of
 * that warehouse. It turns canary runs into the signal users feel, and the signal into a budget with
 * {@link BudgetLaw}.
 *
 * <p><b>The signal:</b> the latency ratio, the larger of two: the median canary latency over the
 * last {@code window} over the quiet median (fast: a spike shows within the window), and the 95th
 * percentile over the last {@code tailWindow} over the quiet 95th percentile (what a user's p95
 * feels: a backfill statement that slows one query in ten leaves the median alone but not the tail).
 * Several canaries per window make both robust: one slow run cannot move a median, and it takes three
 * of forty to move the tail.
 *
 * <p><b>The baseline is what the canary costs while the coordinator runs nothing.</b> Every canary
 * taken while none of the coordinator's own (tagged) statements run, and none ran at the canary
 * before either, is a quiet canary; the baseline is the median of the quiet canaries of the last
 * {@code baselineWindow}. So the baseline holds the foreground's own load (the ratio is what the
 * backfill adds) but never the backfill's: it cannot drift upward with our load, since a canary
 * taken under our load never enters it. On a warehouse busy with the backfill all the time no quiet
 * canary comes by itself; then, after {@code probeInterval} without one, a short <b>probe hold</b>
 * publishes a budget of 0 until {@code probeTicks} quiet canaries are in (or {@code maxHold} plus the
 * running statements' duration passed), and resumes at the budget it had (Vegas probes its no-load
 * latency the same way). Where the warehouse cannot tell what the coordinator runs, the canaries of
 * a hold after the running statements' duration count as quiet.
 *
 * <p>Until a baseline exists it holds (state {@code learning}); at the start nothing of ours runs, so
 * that takes {@code minQuietTicks} canaries.
 *
 * <p>Not thread-safe: the sampler's thread owns it.
 */
public final class WarehouseBudgetController {

    /** Canaries a window needs before its ratio counts: a median of fewer is noise. */
    private static final int MIN_FAST_TICKS = 4;

    /** Canaries the tail window needs: its p95 is then at least the second-slowest of twelve. */
    private static final int MIN_TAIL_TICKS = 12;

    private ControllerSettings settings;
    private final Predicate<Instant> peak;
    private final BudgetLaw law;
    private final Deque<CanaryTick> recent = new ArrayDeque<>();
    private final Deque<CanaryTick> quiet = new ArrayDeque<>();
    private CanaryTick previous;
    private Instant lastQuiet;
    private Instant holdStartedAt;
    private int holdQuietTicks;
    private double baselineNanos = Double.NaN;
    private double tailBaselineNanos = Double.NaN;
    private double statementSeconds;
    private Instant usedSince;
    private double usedSum;
    private int usedTicks;
    private boolean usedUnknown;

    /**
     * @param peak whether the peak target is in force at an instant
     */
    public WarehouseBudgetController(ControllerSettings settings, Predicate<Instant> peak) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.peak = Objects.requireNonNull(peak, "peak");
        this.law = new BudgetLaw(settings.law());
    }

    /** Records one canary run. */
    public void onCanary(CanaryTick tick) {
        Objects.requireNonNull(tick, "tick");
        recent.addLast(tick);
        boolean isQuiet = !tick.timedOut() && (settledQuiet(tick) || quietInHold(tick));
        if (isQuiet) {
            quiet.addLast(tick);
            lastQuiet = tick.at();
            if (holdStartedAt != null) {
                holdQuietTicks++;
            }
        }
        statementSeconds = Math.max(statementSeconds * 0.98, tick.oldestStatementSeconds());
        if (tick.coordinatorStatements().isPresent()) {
            usedSum += tick.coordinatorStatements().getAsInt();
            usedTicks++;
        } else {
            usedUnknown = true;
        }
        previous = tick;
        trim(tick.at());
    }

    private boolean settledQuiet(CanaryTick tick) {
        // A statement that just finished may still slow the warehouse (its writes, its cache churn):
        // a quiet canary right after a busy one does not count.
        return tick.quiet() && previous != null && previous.quiet();
    }

    private boolean quietInHold(CanaryTick tick) {
        return tick.coordinatorStatements().isEmpty()
                && holdStartedAt != null
                && seconds(holdStartedAt, tick.at()) >= Math.max(1, statementSeconds);
    }

    /** Decides the budget at {@code now}, once per published sample. */
    public BudgetVerdict decide(Instant now) {
        Objects.requireNonNull(now, "now");
        trim(now);
        updateBaseline();
        double ratio = ratio();
        double used = used();
        if (Double.isNaN(baselineNanos)) {
            if (holdStartedAt == null) {
                // Learning is a hold too: where the warehouse cannot say what the coordinator runs,
                // only the canaries of a hold count as quiet.
                holdStartedAt = now;
                holdQuietTicks = 0;
            }
            return verdict(
                    0,
                    ratio,
                    used,
                    "learning",
                    "learning the canary's baseline: no backfill work until " + settings.minQuietTicks()
                            + " quiet canaries are in");
        }
        boolean idle = noForeground();
        if (law.filled() && !idle) {
            double budget = law.unfill(now);
            return verdict(
                    budget,
                    ratio,
                    used,
                    "decreasing",
                    String.format(
                            Locale.ROOT,
                            "a user query again after an idle spell: back to %.2f, the budget before the idle fill",
                            budget));
        }
        if (holdStartedAt != null) {
            boolean enough = holdQuietTicks >= settings.probeTicks();
            boolean tooLong = seconds(holdStartedAt, now) > seconds(settings.maxHold()) + statementSeconds;
            if (!enough && !tooLong) {
                return verdict(
                        0,
                        ratio,
                        used,
                        "probing",
                        "probe hold: measuring the canary without backfill work (" + holdQuietTicks + "/"
                                + settings.probeTicks() + " quiet canaries)");
            }
            holdStartedAt = null;
            if (!enough) {
                lastQuiet = now; // give up for one interval rather than hold the backfill for ever
            }
        }
        // With nobody to protect the baseline does not matter: no probe holds while idle. The first user
        // query ends the idle spell, and with no quiet canary for long the next decision probes at once.
        if (!idle && (lastQuiet == null || seconds(lastQuiet, now) > seconds(settings.probeInterval()))) {
            holdStartedAt = now;
            holdQuietTicks = 0;
            return verdict(
                    0,
                    ratio,
                    used,
                    "probing",
                    "probe hold: no quiet canary for "
                            + settings.probeInterval().toSeconds() + " s");
        }
        if (Double.isNaN(ratio)) {
            return verdict(
                    law.current(),
                    ratio,
                    used,
                    "holding",
                    "waiting for canaries under the budget in force; budget held");
        }
        boolean isPeak = peak.test(now);
        if (idle) {
            double budget = law.fill(now);
            return verdict(
                    budget,
                    ratio,
                    used,
                    "idle",
                    String.format(
                            Locale.ROOT,
                            "no user query at any canary for %d s: nothing to protect, the whole budget %.2f"
                                    + " (latency ratio %.2fx is the canary's alone)",
                            settings.idleWindow().toSeconds(),
                            budget,
                            ratio));
        }
        BudgetLawSettings lawSettings = settings.law();
        double low = (isPeak ? lawSettings.peakTargetRatio() : lawSettings.targetRatio()) - lawSettings.band();
        if (Double.isNaN(tailRatio()) && ratio < low && ratio > 1.0) {
            // The fast median alone looks fine, but it cannot see a statement that slows one query in ten:
            // no increase before the tail window has filled under the budget in force. Where the median is
            // not slowed at all (a slow start), the next step comes sooner and the tail catches up.
            return verdict(
                    law.current(),
                    ratio,
                    used,
                    "holding",
                    "waiting for the tail window under the budget in force before any increase");
        }
        double budget = law.step(new BudgetLaw.Observation(
                now, ratio, Double.isNaN(used) ? law.current() : used, statementSeconds, isPeak));
        return verdict(budget, ratio, used, stateOf(law.lastMove()), reason(ratio, used, isPeak));
    }

    private String reason(double ratio, double used, boolean isPeak) {
        BudgetLawSettings s = settings.law();
        double target = isPeak ? s.peakTargetRatio() : s.targetRatio();
        String r = String.format(
                Locale.ROOT,
                "latency ratio %.2fx vs target %.2fx±%.2f%s",
                ratio,
                target,
                s.band(),
                isPeak ? " (peak window)" : "");
        return switch (law.lastMove()) {
            case STOP_CEILING, STOPPED ->
                String.format(
                        Locale.ROOT,
                        "stopped: latency ratio %.2fx above the hard ceiling %.2fx",
                        ratio,
                        s.ceilingRatio());
            case DECREASE -> r + ": decreasing";
            case HOLD_IN_BAND -> r + ": in the dead band, holding";
            case HOLD_SETTLING ->
                r + String.format(Locale.ROOT, ": waiting %.1f s for the last change's effect", law.settleSeconds());
            case HOLD_UNUSED ->
                r + String.format(Locale.ROOT, ": budget used only %.2f of %.2f, not increasing", used, law.current());
            case HOLD_AT_HURT ->
                r + String.format(Locale.ROOT, ": held below %.2f, a budget that hurt recently", law.hurtBudget());
            case HOLD_AT_MAX -> r + String.format(Locale.ROOT, ": at the maximum budget %.2f", s.maxBudget());
            case HOLD_AT_MIN ->
                r + String.format(Locale.ROOT, ": at the minimum budget %.2f, which never stops", s.minBudget());
            case INCREASE -> r + ": increasing";
            case RESUME -> r + ": resuming after a ceiling stop";
            case START -> r;
        };
    }

    private static String stateOf(BudgetLaw.Move move) {
        return switch (move) {
            case INCREASE, RESUME -> "increasing";
            case DECREASE -> "decreasing";
            case STOP_CEILING, STOPPED -> "stopped";
            default -> "holding";
        };
    }

    private BudgetVerdict verdict(double budget, double ratio, double used, String state, String reason) {
        BudgetLawSettings s = settings.law();
        List<Signal> signals = new ArrayList<>();
        double limit = s.targetRatio() + s.band();
        signals.add(new Signal("latencyRatio", ratio, limit, "x", ratio > limit));
        signals.add(new Signal("medianRatio", fastRatio(), limit, "x", fastRatio() > limit));
        signals.add(new Signal("tailRatio", tailRatio(), limit, "x", tailRatio() > limit));
        signals.add(new Signal("ceilingRatio", ratio, s.ceilingRatio(), "x", law.stopped()));
        signals.add(new Signal(
                "budgetUsed",
                used,
                s.usedFraction() * law.current(),
                "statement-s/s",
                law.lastMove() == BudgetLaw.Move.HOLD_UNUSED));
        signals.add(new Signal("canaryBaselineMillis", baselineNanos / 1e6, Double.NaN, "ms", false));
        signals.add(new Signal(
                "statementSeconds",
                statementSeconds,
                law.settleSeconds(),
                "s",
                law.lastMove() == BudgetLaw.Move.HOLD_SETTLING));
        signals.add(new Signal(
                "maxBudget", budget, s.maxBudget(), "statement-s/s", law.lastMove() == BudgetLaw.Move.HOLD_AT_MAX));
        return new BudgetVerdict(budget, ratio, used, new AdmissionExplanation(state, reason, budget, signals));
    }

    /**
     * Applies an operator's overrides (null keeps the configured value) on top of {@code base}, from
     * the next decision on.
     *
     * @throws IllegalArgumentException naming the problem when the combination is invalid (then nothing changes)
     */
    public void retune(ControllerSettings base, Double target, Double peakTarget, Double maxBudget, Double ceiling) {
        BudgetLawSettings b = base.law();
        double max = maxBudget == null ? b.maxBudget() : maxBudget;
        BudgetLawSettings law = new BudgetLawSettings(
                target == null ? b.targetRatio() : target,
                peakTarget == null ? b.peakTargetRatio() : peakTarget,
                b.band(),
                ceiling == null ? b.ceilingRatio() : ceiling,
                b.ceilingSamples(),
                Math.min(b.minBudget(), max),
                max,
                Math.min(b.initialBudget(), max),
                b.minSettle(),
                b.increaseFactor(),
                b.minStep(),
                b.usedFraction(),
                b.hurtMemory());
        settings = base.withLaw(law);
        this.law.retune(law);
    }

    /** The settings in force (the configured ones with any operator override). */
    public ControllerSettings settings() {
        return settings;
    }

    /** The learned baseline latency, NaN while none. */
    public double baselineMillis() {
        return baselineNanos / 1e6;
    }

    private void updateBaseline() {
        if (quiet.size() >= settings.minQuietTicks() || (!Double.isNaN(baselineNanos) && !quiet.isEmpty())) {
            baselineNanos = Math.max(settings.minBaseline().toNanos(), percentile(quiet, 0.5));
            tailBaselineNanos =
                    Math.max(settings.minBaseline().toNanos(), percentile(quiet, settings.tailPercentile()));
        }
        // Too few quiet canaries in the window: the baseline learnt before stands, except that it may fall.
        // A window of canaries under our load that is faster than the quiet baseline proves the baseline
        // was learnt high (a cold cache, a busy start): it comes down to them, never up, so the error can
        // only make the controller more careful.
        List<CanaryTick> window = sinceLastChange(settings.window());
        if (!Double.isNaN(baselineNanos) && window.size() >= MIN_FAST_TICKS) {
            double floor = settings.minBaseline().toNanos();
            baselineNanos = Math.min(baselineNanos, Math.max(floor, percentile(window, 0.5)));
            tailBaselineNanos =
                    Math.min(tailBaselineNanos, Math.max(floor, percentile(window, settings.tailPercentile())));
        }
    }

    private double ratio() {
        double fast = fastRatio();
        double tail = tailRatio();
        if (Double.isNaN(fast)) {
            return tail;
        }
        return Double.isNaN(tail) ? fast : Math.max(fast, tail);
    }

    private double fastRatio() {
        List<CanaryTick> inWindow = sinceLastChange(settings.window());
        if (inWindow.size() < MIN_FAST_TICKS || Double.isNaN(baselineNanos)) {
            return Double.NaN;
        }
        return percentile(inWindow, 0.5) / baselineNanos;
    }

    private double tailRatio() {
        List<CanaryTick> inWindow = sinceLastChange(settings.tailWindow());
        if (inWindow.size() < MIN_TAIL_TICKS || Double.isNaN(tailBaselineNanos)) {
            return Double.NaN;
        }
        return percentile(inWindow, settings.tailPercentile()) / tailBaselineNanos;
    }

    /**
     * The canaries of the last {@code span}, but none from before the budget's last change: a signal
     * must show the budget in force, or a slow window punishes one excess again and again (the cuts
     * cascade to the floor while the window still remembers the spike).
     */
    private List<CanaryTick> sinceLastChange(Duration span) {
        if (recent.isEmpty()) {
            return List.of();
        }
        Instant start = recent.peekLast().at().minus(span);
        Instant changed = law.lastChange();
        if (changed != null && changed.isAfter(start)) {
            start = changed;
        }
        Instant from = start;
        return recent.stream().filter(t -> t.at().isAfter(from)).toList();
    }

    /**
     * Statement-seconds per second the coordinator ran since the budget last changed (at least over the
     * window): a budget of 0.1 runs one statement a tenth of the time, which a 2.5 s window mostly
     * reads as 0.
     */
    private double used() {
        Instant changed = law.lastChange();
        if (changed != null && !changed.equals(usedSince)) {
            usedSince = changed;
            usedSum = 0;
            usedTicks = 0;
            usedUnknown = false;
            for (CanaryTick t : sinceLastChange(settings.window())) {
                if (t.coordinatorStatements().isEmpty()) {
                    usedUnknown = true;
                } else {
                    usedSum += t.coordinatorStatements().getAsInt();
                    usedTicks++;
                }
            }
        }
        if (usedUnknown || usedTicks == 0) {
            return Double.NaN;
        }
        return usedSum / usedTicks;
    }

    /**
     * True when no user query ran at any canary of the idle window (and at least at the last
     * {@link #MIN_TAIL_TICKS}, however slowly they come): nobody to protect, so the latency the
     * backfill causes the canary alone does not hold it back. One user query at one canary ends it.
     */
    private boolean noForeground() {
        List<CanaryTick> tail = lastTicksOf(settings.tailWindow());
        int inIdleWindow = lastTicksOf(settings.idleWindow()).size();
        int needed = Math.max(MIN_TAIL_TICKS, inIdleWindow);
        if (tail.size() < needed) {
            return false;
        }
        return tail.subList(tail.size() - needed, tail.size()).stream().allMatch(CanaryTick::noForeground);
    }

    private List<CanaryTick> lastTicksOf(Duration span) {
        if (recent.isEmpty()) {
            return List.of();
        }
        Instant start = recent.peekLast().at().minus(span);
        return recent.stream().filter(t -> t.at().isAfter(start)).toList();
    }

    private void trim(Instant now) {
        Instant recentStart = now.minus(settings.tailWindow()).minus(settings.window());
        while (!recent.isEmpty() && recent.peekFirst().at().isBefore(recentStart)) {
            recent.removeFirst();
        }
        Instant quietStart = now.minus(settings.baselineWindow());
        while (!quiet.isEmpty() && quiet.peekFirst().at().isBefore(quietStart)) {
            quiet.removeFirst();
        }
    }

    /** Linear-interpolated percentile of the latencies, in nanoseconds. */
    static double percentile(Iterable<CanaryTick> ticks, double p) {
        List<Long> nanos = new ArrayList<>();
        ticks.forEach(t -> nanos.add(t.latency().toNanos()));
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        double rank = p * (sorted.length - 1);
        int low = (int) Math.floor(rank);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
