package io.backfill.executor.domain.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The statement-second token bucket, on explicit instants. Most tests simulate a backlog of
 * statements of one fixed length started as soon as the bucket allows ({@link Backlog}), the way
 * the pacer's workers do.
 */
class WorkBudgetTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    /**
     * Statements of one length, always more waiting: at each instant every start the bucket allows
     * happens, and time jumps to the next finish or the next instant the bucket names. The bucket is
     * advanced at every start and finish, as the pacer does.
     */
    private static final class Backlog {

        private final Duration length;
        private final PriorityQueue<Instant> finishes = new PriorityQueue<>();
        private final List<Instant> starts = new ArrayList<>();
        private double rate;
        private WorkBudget budget;
        private Instant now = T0;
        private int maxRunning;
        private double statementSeconds;

        Backlog(double rate, Duration length) {
            this.rate = rate;
            this.length = length;
            this.budget = WorkBudget.full(T0, rate);
        }

        /** Runs until {@code end}, counting the statement-seconds spent. */
        Backlog runUntil(Instant end) {
            while (true) {
                Instant allowed = startAllThatMay();
                Instant next = earliest(finishes.peek(), allowed);
                if (next == null || next.isAfter(end)) {
                    spend(end);
                    return this;
                }
                spend(next);
                while (!finishes.isEmpty() && !finishes.peek().isAfter(now)) {
                    finishes.poll();
                }
                budget = budget.advance(now, rate, finishes.size());
            }
        }

        /** The controller changes the rate at the current instant. */
        Backlog changeRate(double newRate) {
            rate = newRate;
            budget = budget.advance(now, rate, finishes.size());
            return this;
        }

        /** Average number of statements running from {@code from} (when {@code spentAtFrom} had been spent) to now. */
        double averageSince(Instant from, double spentAtFrom) {
            return (statementSeconds - spentAtFrom) / seconds(Duration.between(from, now));
        }

        private Instant startAllThatMay() {
            while (true) {
                StartCheck check = budget.check(now);
                if (check instanceof StartCheck.NotBefore(Instant notBefore)) {
                    return notBefore;
                }
                if (!(check instanceof StartCheck.Go)) {
                    return null; // wait for a finish
                }
                starts.add(now);
                finishes.add(now.plus(length));
                maxRunning = Math.max(maxRunning, finishes.size());
                budget = budget.advance(now, rate, finishes.size());
            }
        }

        private void spend(Instant until) {
            statementSeconds += finishes.size() * seconds(Duration.between(now, until));
            now = until;
        }

        private static Instant earliest(Instant a, Instant b) {
            if (a == null) {
                return b;
            }
            return b == null || a.isBefore(b) ? a : b;
        }
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static List<Duration> gaps(List<Instant> starts) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            gaps.add(Duration.between(starts.get(i - 1), starts.get(i)));
        }
        return gaps;
    }

    @Test
    void aQuarterBudgetStartsOneSecondStatementsEveryFourSeconds() {
        var run = new Backlog(0.25, Duration.ofSeconds(1)).runUntil(T0.plusSeconds(120));

        List<Duration> gaps = gaps(run.starts);

        // The full bucket (a quarter statement-second) pays a quarter of the first statement, so the
        // second waits only 3 s; from then on each 1 s statement is repaid in 4 s.
        assertThat(gaps.getFirst()).isEqualTo(Duration.ofSeconds(3));
        assertThat(gaps.subList(1, gaps.size())).hasSizeGreaterThan(25).containsOnly(Duration.ofSeconds(4));
        assertThat(run.maxRunning).isEqualTo(1);
    }

    @Test
    void aHalfBudgetRunsOneStatementAboutHalfOfTheTime() {
        var run = new Backlog(0.5, Duration.ofMillis(2_300)).runUntil(T0.plus(Duration.ofHours(2)));

        assertThat(run.averageSince(T0, 0)).isCloseTo(0.5, within(0.025));
        assertThat(run.maxRunning).isEqualTo(1);
    }

    @Test
    void aBudgetOfTwoRunsTwoAtOnceAndNeverThree() {
        var run = new Backlog(2, Duration.ofSeconds(1)).runUntil(T0.plusSeconds(600));

        assertThat(run.maxRunning).isEqualTo(2);
        assertThat(run.averageSince(T0, 0)).isCloseTo(2.0, within(0.001));
        // a whole budget is a pool: a slot is refilled the moment it frees, without spacing
        assertThat(gaps(run.starts)).containsOnly(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void aBudgetOfOneAndAHalfAveragesOneAndAHalfStatements() {
        var run = new Backlog(1.5, Duration.ofMillis(1_700)).runUntil(T0.plus(Duration.ofHours(2)));

        assertThat(run.averageSince(T0, 0)).isCloseTo(1.5, within(0.075));
        assertThat(run.maxRunning).isEqualTo(2);
    }

    @Test
    void afterALongIdleTheCreditIsCappedAtOneSecondsWorth() {
        // given a debt: a 10 s statement under half a statement-second per second
        var budget = WorkBudget.full(T0, 0.5).advance(T0, 0.5, 1);
        budget = budget.advance(T0.plusSeconds(10), 0.5, 0);
        assertThat(budget.creditAt(T0.plusSeconds(10))).isCloseTo(0.5 - 10 + 5, within(1e-12));

        // when the instance idles for a day
        Instant dayLater = T0.plus(Duration.ofDays(1));
        budget = budget.advance(dayLater, 0.5, 0);

        // then it has saved one second's worth of budget, not a day's
        assertThat(budget.creditAt(dayLater)).isEqualTo(0.5).isEqualTo(budget.burst());
        // and a 3 s statement started now is mostly paid after the fact: the next one waits 2 s after it
        budget = budget.advance(dayLater, 0.5, 1);
        Instant finished = dayLater.plusSeconds(3);
        budget = budget.advance(finished, 0.5, 0);
        assertThat(budget.check(finished)).isEqualTo(new StartCheck.NotBefore(finished.plusSeconds(2)));
    }

    @Test
    void aRateChangeTakesEffectFromTheInstantItIsSeen() {
        // given a 1 s statement under 0.25 that left a debt of half a statement-second
        var budget = WorkBudget.full(T0, 0.25).advance(T0, 0.25, 1);
        Instant finished = T0.plusSeconds(1);
        budget = budget.advance(finished, 0.25, 0);
        assertThat(budget.check(finished)).isEqualTo(new StartCheck.NotBefore(finished.plusSeconds(2)));

        // when the rate rises to 1 half a second later
        Instant changed = finished.plusMillis(500);
        budget = budget.advance(changed, 1.0, 0);

        // then the old rate repaid 0.125 up to the change and the new one repays the remaining 0.375 in 375 ms
        assertThat(budget.creditAt(changed)).isCloseTo(-0.375, within(1e-12));
        assertThat(budget.check(changed)).isEqualTo(new StartCheck.NotBefore(changed.plusMillis(375)));
        assertThat(budget.check(changed.plusMillis(375))).isEqualTo(new StartCheck.Go());
        assertThat(budget.burst()).isEqualTo(1.0);
    }

    @Test
    void aLowerRateLowersTheCapAtOnce() {
        var budget = WorkBudget.full(T0, 4);

        budget = budget.advance(T0.plusSeconds(1), 0.5, 0);

        assertThat(budget.creditAt(T0.plusSeconds(1))).isEqualTo(0.5);
    }

    @Test
    void aRateChangeMidRunChangesTheAverageFromThatInstant() {
        var run = new Backlog(0.5, Duration.ofSeconds(1)).runUntil(T0.plusSeconds(1_000));
        double spentBefore = run.statementSeconds;
        Instant changedAt = run.now;

        run.changeRate(2).runUntil(T0.plusSeconds(2_000));

        assertThat(spentBefore / 1_000).isCloseTo(0.5, within(0.025));
        assertThat(run.averageSince(changedAt, spentBefore)).isCloseTo(2.0, within(0.1));
    }

    @Test
    void theCreditIsTheSameHoweverIrregularlyTheBucketIsAdvanced() {
        // two running for 100 s under 1.5 (-0.5 per second), then one for 50 s (+0.5 per second)
        Instant oneFinishes = T0.plusSeconds(100);
        Instant end = oneFinishes.plusSeconds(50);
        var once = WorkBudget.full(T0, 1.5)
                .advance(T0, 1.5, 2)
                .advance(oneFinishes, 1.5, 1)
                .advance(end, 1.5, 1);
        var often = WorkBudget.full(T0, 1.5).advance(T0, 1.5, 2);
        var random = new Random(42);

        for (Instant at = T0; at.isBefore(end); at = at.plusMillis(random.nextInt(1_500))) {
            int running = at.isBefore(oneFinishes) ? 2 : 1;
            if (running == 1 && often.running() == 2) {
                often = often.advance(oneFinishes, 1.5, 1); // the finish is reported at its instant
            }
            often = often.advance(at, 1.5, running);
            often.check(at); // a check changes nothing
        }
        often = often.advance(end, 1.5, 1);

        assertThat(once.creditAt(end)).isCloseTo(1.5 - 50 + 25, within(1e-9));
        assertThat(often.creditAt(end)).isCloseTo(once.creditAt(end), within(1e-9));
        assertThat(once.check(end)).isEqualTo(new StartCheck.NotBefore(end.plusSeconds(47)));
        assertThat(often.check(end)).isEqualTo(once.check(end));
    }

    @Test
    void aDebtNamesTheInstantTheCreditReachesZero() {
        // two running under 1.5: the credit falls at 0.5 per second, to 1.5 - 0.5 * 4.5 = -0.75
        var budget = WorkBudget.full(T0, 1.5).advance(T0, 1.5, 2);
        Instant oneFinishes = T0.plusMillis(4_500);

        // one left: the credit climbs at 1.5 - 1 = 0.5 per second
        budget = budget.advance(oneFinishes, 1.5, 1);

        assertThat(budget.creditAt(oneFinishes)).isCloseTo(-0.75, within(1e-12));
        assertThat(budget.check(oneFinishes)).isEqualTo(new StartCheck.NotBefore(oneFinishes.plusMillis(1_500)));
        assertThat(budget.check(oneFinishes.plusMillis(1_500))).isEqualTo(new StartCheck.Go());
    }

    @Test
    void aDebtWithTheWholeRateRunningWaitsForAStatementToFinish() {
        // given three running under 3 per second when the rate is cut to 1
        var budget = WorkBudget.full(T0, 3).advance(T0, 3, 3).advance(T0, 1, 3);
        Instant t2 = T0.plusSeconds(2);

        // then nothing starts while ceil(1) or more run, debt or not
        assertThat(budget.check(t2)).isEqualTo(new StartCheck.AtCapacity(3, 1));
        budget = budget.advance(t2, 1, 1); // two finished; credit 1 - 2 * 2 = -3, flat with one running
        assertThat(budget.check(t2.plusSeconds(60))).isEqualTo(new StartCheck.AtCapacity(1, 1));

        // and once the last finishes the debt is repaid at the full rate
        budget = budget.advance(t2.plusSeconds(60), 1, 0);
        assertThat(budget.check(t2.plusSeconds(60))).isEqualTo(new StartCheck.NotBefore(t2.plusSeconds(63)));
    }

    @Test
    void anInstantBeforeTheLastAdvanceCountsAsNoTimePassing() {
        var budget = WorkBudget.full(T0, 1).advance(T0.plusSeconds(5), 1, 1);

        assertThat(budget.creditAt(T0)).isEqualTo(1.0);
        assertThat(budget.advance(T0, 1, 1).at()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void rejectsARateThatIsNotFiniteAndPositiveAndANegativeRunningCount() {
        var budget = WorkBudget.full(T0, 1);

        for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> WorkBudget.full(T0, rate))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("rate must be finite and positive");
            assertThatThrownBy(() -> budget.advance(T0, rate, 0)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> budget.advance(T0, 1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("running");
    }
}
