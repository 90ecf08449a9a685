package io.backfill.executor.domain.admission;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A work budget in statement-seconds per second, as a token bucket whose tokens are
 * statement-seconds: credit refills at {@code rate} per second and every running statement drains 1
 * per second while it runs, so with {@code n} statements running the credit changes at
 * {@code rate - n} per second. A new statement may start while the credit is not negative and fewer
 * than {@code ceil(rate)} statements run. Starting costs nothing up front (how long a statement
 * will run is not known); what it spends is charged while it runs, and the debt it leaves delays
 * the next start. Over any long run the time-average number of running statements is therefore
 * {@code rate}, fractional rates included: at 0.5 one statement runs about half of the time.
 *
 * <p>An immutable value: {@link #advance} returns the bucket brought to an instant. It is advanced
 * lazily, by whoever owns it (the {@link PartitionPacer}, under its lock), at every check, start
 * and finish; between two calls the rate and the running count are constant, so the credit is a
 * linear function of time capped at the burst, and the bucket is exact however irregular the calls
 * are. The rate may change at any call (a controller steers it): the old rate applies up to that
 * instant, the new one from it on.
 */
public final class WorkBudget {

    /**
     * Credit above {@code -TOLERANCE} counts as not negative: a nanosecond's worth of one statement,
     * far above the rounding of the floating-point arithmetic and far below anything that matters,
     * so a start scheduled for the instant the credit reaches 0 is not refused by rounding noise.
     */
    static final double TOLERANCE = 1e-9;

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final double rate;
    private final int running;
    private final double credit;
    private final Instant at;

    private WorkBudget(double rate, int running, double credit, Instant at) {
        this.rate = rate;
        this.running = running;
        this.credit = credit;
        this.at = at;
    }

    /** A bucket at {@code rate} with nothing running, full (one burst of credit) at {@code now}. */
    public static WorkBudget full(Instant now, double rate) {
        Objects.requireNonNull(now, "now");
        requireValidRate(rate);
        return new WorkBudget(rate, 0, burst(rate), now);
    }

    /**
     * The bucket brought to {@code now}: the credit accrued since the last call at the rate and
     * running count in force then, after which {@code rate} and {@code running} hold from
     * {@code now} on. Call it with the running count as it is after any start or finish at
     * {@code now}. An instant before the last one counts as no time passing.
     *
     * @throws IllegalArgumentException when the rate is not finite and positive, or running is negative
     */
    public WorkBudget advance(Instant now, double rate, int running) {
        Objects.requireNonNull(now, "now");
        requireValidRate(rate);
        if (running < 0) {
            throw new IllegalArgumentException("running must not be negative: " + running);
        }
        Instant to = now.isAfter(at) ? now : at;
        // A lower rate lowers the cap at once: credit saved under a larger budget is not spent under a smaller one.
        double accrued = Math.min(creditAt(to), burst(rate));
        return new WorkBudget(rate, running, accrued, to);
    }

    /**
     * May one more statement start at {@code now} (with the rate and running count of the last
     * {@link #advance})? {@link StartCheck.Go}; {@link StartCheck.NotBefore} the instant the credit
     * climbs back to 0; or {@link StartCheck.AtCapacity} when {@code ceil(rate)} statements run, or
     * when the credit is negative and cannot recover until one of them finishes.
     */
    public StartCheck check(Instant now) {
        Objects.requireNonNull(now, "now");
        int permits = permits();
        if (running >= permits) {
            return new StartCheck.AtCapacity(running, permits);
        }
        double credit = creditAt(now);
        if (credit >= -TOLERANCE) {
            return new StartCheck.Go();
        }
        double net = rate - running;
        if (net <= 0) {
            // Unreachable while running < ceil(rate) (then running < rate), kept so the rule reads whole:
            // with the credit falling or flat, only a statement finishing can let the next one start.
            return new StartCheck.AtCapacity(running, permits);
        }
        Instant from = now.isAfter(at) ? now : at;
        return new StartCheck.NotBefore(from.plus(untilRepaid(-credit, net)));
    }

    /**
     * The credit at {@code now}, in statement-seconds: negative while in debt, at most {@link #burst()}.
     * Instants before the last advance read as that instant.
     */
    public double creditAt(Instant now) {
        Objects.requireNonNull(now, "now");
        if (!now.isAfter(at)) {
            return credit;
        }
        double seconds = Duration.between(at, now).toNanos() / NANOS_PER_SECOND;
        // Linear between calls, capped: a net inflow saturates at the burst and stays there.
        return Math.min(credit + (rate - running) * seconds, burst(rate));
    }

    /** Statement-seconds per second now. */
    public double rate() {
        return rate;
    }

    /** Statements running since the last advance. */
    public int running() {
        return running;
    }

    /** Most statements that may run at once: {@code ceil(rate)}. */
    public int permits() {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(rate));
    }

    /** The credit cap: one second's worth of the rate. */
    public double burst() {
        return burst(rate);
    }

    /** The instant of the last advance. */
    public Instant at() {
        return at;
    }

    /**
     * The cap is one second of budget: after idling, at most one second's worth of budget can be
     * spent at once, so a backfill that was waiting does not come back with a burst of statements
     * the warehouse has not been carrying. It also never holds back a whole budget: at rate N the
     * full bucket lets N statements start together.
     */
    private static double burst(double rate) {
        return rate;
    }

    /** How long a debt takes to repay at a net inflow, rounded up to the nanosecond (at least 1 ns). */
    private static Duration untilRepaid(double debt, double net) {
        // The slack of a thousandth of a nanosecond absorbs rounding noise, so an exact instant
        // (say 2 s) is not pushed a nanosecond later; the tolerance of the check covers what it leaves.
        double nanos = Math.ceil(debt / net * NANOS_PER_SECOND - 1e-3);
        return Duration.ofNanos((long) Math.max(1, Math.min(nanos, Long.MAX_VALUE)));
    }

    private static void requireValidRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("rate must be finite and positive: " + rate);
        }
    }

    @Override
    public String toString() {
        return "WorkBudget[rate=" + rate + ", running=" + running + ", credit=" + credit + ", at=" + at + "]";
    }
}
