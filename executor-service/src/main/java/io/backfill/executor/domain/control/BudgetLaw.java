package io.backfill.executor.domain.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The control law of the warehouse work budget: one step per measurement, towards a latency-ratio
 * setpoint, in small asymmetric moves that wait for their effect. Pure and single-threaded; the
 * {@link WarehouseBudgetController} owns one.
 *
 * <p>What it learnt from others (ideas, not code):
 *
 * <ul>
 *   <li><b>A dead band</b> (Spirit's thread autoscaler): inside {@code target ± band} the budget does
 *       not move. AIMD on a signal the backfill itself moves never rests; it saw-tooths around the target
 *       (measured before this law: 0→1→2→3→0 every 5 s).
 *   <li><b>Wait for the effect</b> (Vitess throttler): an increase only comes once the last change has
 *       had time to show in the signal, at least one measuring window and at least the duration of the
 *       statements running; what was started under the old budget has to finish first.
 *   <li><b>Increases scale with the headroom</b>: ×2 every half settle time while the backfill is not
 *       felt at all (a slow start), ×1.6 where it is barely felt, {@code increaseFactor} just below the
 *       band.
 *   <li><b>Increase only while used</b>: a budget the backfill did not spend (it had nothing to run)
 *       says nothing about whether more is safe, so it is not a reason to grow.
 *   <li><b>Remember what hurt</b> (Vitess): a budget that pushed the ratio above the band caps the next
 *       increases just below it for {@code hurtMemory}, so it does not climb back into the same wall.
 *   <li><b>Asymmetric, proportional decreases</b> (CockroachDB's elastic admission): above the band the
 *       budget is multiplied by {@code target / ratio}, bounded to [0.5, 0.9]: a mild excess trims, a
 *       spike halves at once. Decreases are spaced by half a settle time, so a slow effect is not
 *       punished twice.
 *   <li><b>Never zero on one sample</b>: the floor is {@code minBudget}; only a ratio above the hard
 *       ceiling for {@code ceilingSamples} consecutive samples stops new work, and it comes back at half
 *       the budget it had before.
 * </ul>
 */
public final class BudgetLaw {

    /** What the law moved and why, for the explanation and the timeline. */
    public enum Move {
        START,
        HOLD_IN_BAND,
        HOLD_SETTLING,
        HOLD_UNUSED,
        HOLD_AT_HURT,
        HOLD_AT_MAX,
        HOLD_AT_MIN,
        INCREASE,
        DECREASE,
        STOP_CEILING,
        STOPPED,
        RESUME
    }

    /**
     * One measurement.
     *
     * @param now when it was taken
     * @param ratio the latency ratio over the measuring window
     * @param used statement-seconds per second the backfill actually ran on the warehouse over the window
     * @param statementSeconds how long the running statements take (their age, a lower bound); 0 if none
     * @param peak whether the peak target is in force
     */
    public record Observation(Instant now, double ratio, double used, double statementSeconds, boolean peak) {
        public Observation {
            Objects.requireNonNull(now, "now");
        }
    }

    /** The largest multiplicative increase, where the backfill is barely felt. */
    static final double MAX_INCREASE_FACTOR = 1.6;

    /**
     * The increase where the backfill is not felt at all (the canary no slower than its quiet
     * baseline) and no budget hurt recently, every half settle time: a slow start that fills a
     * warehouse with room to spare in seconds. A step that is felt makes the gentler steps apply.
     */
    static final double SLOW_START_FACTOR = 2.0;

    private BudgetLawSettings settings;
    private double budget;
    private boolean stopped;
    private double budgetBeforeStop;
    private Instant lastChange;
    private Instant lastDecrease;
    private double hurt = Double.POSITIVE_INFINITY;
    private Instant hurtAt;
    private int ceilingStreak;
    private double settleSeconds;
    private Move lastMove = Move.START;
    /** The budget the law had when an idle warehouse filled it; NaN while not filled. */
    private double budgetBeforeFill = Double.NaN;

    public BudgetLaw(BudgetLawSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.budget = settings.initialBudget();
        this.settleSeconds = seconds(settings.minSettle());
    }

    /**
     * New tuning at runtime (an operator's override): the state carries over, the budget is brought
     * inside the new bounds at once.
     */
    public void retune(BudgetLawSettings next) {
        settings = Objects.requireNonNull(next, "next");
        budget = clamp(budget);
    }

    /**
     * Opens the budget to its maximum at once: there is nobody to protect (no user query on the
     * warehouse), so there is nothing to probe for either. Hurt memories go too: what they measured was
     * the canary alone. When users come back, proportional decreases bring it down within a few steps.
     */
    public double fill(Instant now) {
        if (Double.isNaN(budgetBeforeFill)) {
            budgetBeforeFill = stopped ? budgetBeforeStop * 0.5 : budget;
        }
        hurt = Double.POSITIVE_INFINITY;
        hurtAt = null;
        stopped = false;
        ceilingStreak = 0;
        if (budget < settings.maxBudget()) {
            budget = settings.maxBudget();
            change(now, Move.INCREASE);
        } else {
            lastMove = Move.HOLD_AT_MAX;
        }
        return current();
    }

    /**
     * Users are back after a {@link #fill}: the budget returns at once to what the law had found safe
     * with users before it (the initial budget if it never had users), instead of walking down from the
     * maximum in proportional cuts while the users' first queries pay for every step. No-op when the
     * budget was not filled. Returns the budget in force.
     */
    public double unfill(Instant now) {
        if (Double.isNaN(budgetBeforeFill)) {
            return current();
        }
        budget = clamp(Math.min(budget, budgetBeforeFill));
        budgetBeforeFill = Double.NaN;
        lastDecrease = now;
        change(now, Move.DECREASE);
        return current();
    }

    /** True while the budget is an idle warehouse's fill, not the law's own. */
    public boolean filled() {
        return !Double.isNaN(budgetBeforeFill);
    }

    /** Takes one step; returns the budget in force from now on (0 while stopped). */
    public double step(Observation o) {
        if (lastChange == null) {
            lastChange = o.now();
        }
        settleSeconds = Math.max(seconds(settings.minSettle()), Math.min(30, o.statementSeconds()));
        forgetOldHurt(o.now());
        double target = o.peak() ? settings.peakTargetRatio() : settings.targetRatio();
        if (o.ratio() > settings.ceilingRatio()) {
            ceilingStreak++;
        } else {
            ceilingStreak = 0;
        }
        if (stopped) {
            if (o.ratio() <= target + settings.band()) {
                stopped = false;
                budget = clamp(budgetBeforeStop * 0.5);
                change(o.now(), Move.RESUME);
            } else {
                lastMove = Move.STOPPED;
            }
            return current();
        }
        if (ceilingStreak >= settings.ceilingSamples()) {
            remember(budget, o.now());
            budgetBeforeStop = budget;
            stopped = true;
            lastDecrease = o.now();
            change(o.now(), Move.STOP_CEILING);
            return current();
        }
        if (o.ratio() > target + settings.band()) {
            return decrease(o, target);
        }
        if (o.ratio() >= target - settings.band()) {
            lastMove = Move.HOLD_IN_BAND;
            return current();
        }
        return increase(o);
    }

    private double decrease(Observation o, double target) {
        if (budget <= settings.minBudget()) {
            // A cut that cannot cut is no change: counted as one, it restarted the signal windows (so the
            // tail never filled again) and remembered the floor itself as a budget that hurt, capping every
            // increase below the floor. One statement now and then at the floor pinned the budget there for
            // good (benchmark, steady: 0.05 for 240 s while the users' p95 stayed at its baseline).
            lastMove = Move.HOLD_AT_MIN;
            return current();
        }
        double spacing = settleSeconds / 2;
        if (lastDecrease != null && since(lastDecrease, o.now()) < spacing) {
            lastMove = Move.HOLD_SETTLING;
            return current();
        }
        if (lastMove != Move.DECREASE && lastMove != Move.HOLD_SETTLING) {
            // Only the budget at which trouble began is the wall; the cuts that follow are the way down.
            remember(budget, o.now());
        }
        double factor = Math.max(0.5, Math.min(0.9, target / o.ratio()));
        budget = clamp(budget * factor);
        lastDecrease = o.now();
        change(o.now(), Move.DECREASE);
        return current();
    }

    private double increase(Observation o) {
        // Like TCP's slow start, it ends at the first budget that hurts: until that is forgotten the gentler
        // steps apply, or a noisy canary at the floor reads as "not felt" and doubles it back into the wall.
        boolean unfelt = o.ratio() <= 1.0 && hurtAt == null;
        double settle = unfelt
                ? Math.max(seconds(settings.minSettle()) / 2, Math.min(30, o.statementSeconds()))
                : settleSeconds;
        if (since(lastChange, o.now()) < settle) {
            lastMove = Move.HOLD_SETTLING;
            return current();
        }
        if (o.used() < settings.usedFraction() * budget) {
            lastMove = Move.HOLD_UNUSED;
            return current();
        }
        double cap = Math.min(settings.maxBudget(), hurt * 0.9);
        if (budget >= cap) {
            lastMove = budget >= settings.maxBudget() ? Move.HOLD_AT_MAX : Move.HOLD_AT_HURT;
            return current();
        }
        double factor = unfelt ? SLOW_START_FACTOR : increaseFactor(o);
        budget = clamp(Math.min(cap, budget * factor + settings.minStep()));
        change(o.now(), Move.INCREASE);
        return current();
    }

    /**
     * The step grows with the headroom: at a ratio of 1 (the backfill is not felt at all) the budget
     * grows by {@link #MAX_INCREASE_FACTOR} per settle time, like a slow start, so an idle warehouse is
     * filled in seconds; just below the band it grows by {@code increaseFactor} only. (Doubling was
     * tried: it overshoots into the wall on a warehouse that looks idle until it is not.)
     */
    private double increaseFactor(Observation o) {
        double low = (o.peak() ? settings.peakTargetRatio() : settings.targetRatio()) - settings.band();
        double headroom = low <= 1 ? 0 : Math.max(0, Math.min(1, (low - o.ratio()) / (low - 1)));
        double factor = settings.increaseFactor();
        return factor + Math.max(0, MAX_INCREASE_FACTOR - factor) * headroom;
    }

    private void remember(double hurtingBudget, Instant now) {
        // The lowest budget seen to hurt recently is the wall; a higher one adds nothing.
        if (hurtingBudget < hurt || hurtAt == null) {
            hurt = hurtingBudget;
        }
        hurtAt = now;
    }

    private void forgetOldHurt(Instant now) {
        if (hurtAt != null && since(hurtAt, now) > seconds(settings.hurtMemory())) {
            hurt = Double.POSITIVE_INFINITY;
            hurtAt = null;
        }
    }

    private void change(Instant now, Move move) {
        lastChange = now;
        lastMove = move;
    }

    private double clamp(double value) {
        return Math.max(settings.minBudget(), Math.min(settings.maxBudget(), value));
    }

    /** When the budget last changed (null before the first step): signals older than this show the old budget. */
    public Instant lastChange() {
        return lastChange;
    }

    /** The budget in force: statement-seconds per second, 0 while stopped by the ceiling. */
    public double current() {
        return stopped ? 0 : budget;
    }

    /** True while a sustained breach of the ceiling stops new work. */
    public boolean stopped() {
        return stopped;
    }

    /** What the last step did. */
    public Move lastMove() {
        return lastMove;
    }

    /** The budget that hurt recently and caps increases, or infinity. */
    public double hurtBudget() {
        return hurt;
    }

    /** Seconds an increase waits after a change now. */
    public double settleSeconds() {
        return settleSeconds;
    }

    public BudgetLawSettings settings() {
        return settings;
    }

    private static double since(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
