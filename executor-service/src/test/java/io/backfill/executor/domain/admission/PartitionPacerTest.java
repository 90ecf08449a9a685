package io.backfill.executor.domain.admission;

import static io.backfill.executor.domain.admission.LoadTrace.WAREHOUSE;
import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.executor.domain.admission.PartitionPacer.Permit;
import io.backfill.executor.domain.load.BudgetReading;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.executor.domain.load.RawLoadSignals;
import io.backfill.testsupport.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The permit gate, driven single-threaded on a test clock through {@link ScriptedWaiter}; one test
 * at the end uses real threads to show a blocked worker is woken by a release.
 */
class PartitionPacerTest {

    private final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    private final ScriptedWaiter waiter = new ScriptedWaiter(clock);
    private final CommandPausableController controller = AdmissionControllers.create(AdmissionConfig.defaults(), clock);
    private final PartitionPacer pacer = new PartitionPacer(controller, clock, waiter);

    /** Feeds a sample granting the warehouse (all of it this executor's) {@code budget}. */
    private void feed(double budget) {
        pacer.onLoadSample(new LoadSample(
                WAREHOUSE,
                clock.instant(),
                0.1,
                RawLoadSignals.none(),
                Optional.of(new BudgetReading(budget, 1.0, budget, "holding", "test"))));
    }

    /** Feeds a sample whose warehouse budget admits {@code permits} statements. */
    private void rampTo(int permits) {
        clock.advance(LoadTrace.PERIOD);
        feed(permits);
    }

    private static List<Permit> takeAll(PartitionPacer.Lane lane) {
        List<Permit> taken = new ArrayList<>();
        for (Optional<Permit> p = lane.tryAcquire(); p.isPresent(); p = lane.tryAcquire()) {
            taken.add(p.get());
        }
        return taken;
    }

    @Test
    void startsAsManyPartitionsAsTheDecisionPermitsAndNoMore() {
        rampTo(3);
        var lane = pacer.lane(PhaseBudget.UNLIMITED);

        List<Permit> taken = takeAll(lane);

        assertThat(taken).hasSize(3);
        assertThat(lane.check()).isEqualTo(new StartCheck.AtCapacity(3, 3));
    }

    @Test
    void aReleasedPermitLetsTheNextPartitionStart() {
        rampTo(2);
        var lane = pacer.lane(PhaseBudget.UNLIMITED);
        List<Permit> taken = takeAll(lane);

        taken.get(0).close();
        taken.get(0).close(); // closing twice frees one slot, not two

        assertThat(lane.running()).isEqualTo(1);
        assertThat(lane.tryAcquire()).isPresent();
        assertThat(lane.tryAcquire()).isEmpty();
    }

    @Test
    void spacesStartsByThePhaseBudgetRate() throws InterruptedException {
        rampTo(5);
        var lane = pacer.lane(new PhaseBudget(5, 0.5)); // one start per 2 s
        Instant t0 = clock.instant();

        lane.acquire().orElseThrow();
        lane.acquire().orElseThrow();
        Instant secondStart = clock.instant();

        assertThat(Duration.between(t0, secondStart)).isEqualTo(Duration.ofSeconds(2));
        assertThat(waiter.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void rowsWrittenPushTheNextStartOfThePhaseBackByTheRowRate() throws InterruptedException {
        rampTo(5);
        var lane = pacer.lane(new PhaseBudget(5, Double.POSITIVE_INFINITY, 100)); // 100 rows per second
        var other = pacer.lane(PhaseBudget.UNLIMITED);
        Instant t0 = clock.instant();

        Permit first = lane.acquire().orElseThrow();
        first.chargeRows(250);
        first.close();

        assertThat(lane.check()).isEqualTo(new StartCheck.NotBefore(t0.plusMillis(2500)));
        assertThat(other.tryAcquire()).as("another phase's budget is its own").isPresent();
        lane.acquire().orElseThrow();
        assertThat(Duration.between(t0, clock.instant())).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void aDecreaseTakesEffectAtTheNextStartWhileRunningPartitionsFinish() throws InterruptedException {
        // given 5 partitions running
        rampTo(5);
        var lane = pacer.lane(PhaseBudget.UNLIMITED);
        List<Permit> running = takeAll(lane);
        assertThat(running).hasSize(5);

        // when a spike cuts the warehouse budget to 3
        clock.advance(LoadTrace.PERIOD);
        feed(3);

        // then nothing running is interrupted, and the next start waits until only 2 remain
        assertThat(pacer.running()).isEqualTo(5);
        assertThat(lane.tryAcquire()).isEmpty();
        running.get(0).close();
        running.get(1).close();
        assertThat(lane.tryAcquire()).isEmpty(); // 3 running, limit 3
        waiter.then(() -> running.get(2).close());

        Optional<Permit> next = lane.acquire();

        assertThat(next).isPresent();
        assertThat(pacer.running()).isEqualTo(3);
    }

    @Test
    void aWorkerWaitingOnAPauseStartsAsSoonAsAFreshCalmSampleArrives() throws InterruptedException {
        var lane = pacer.lane(PhaseBudget.UNLIMITED);
        assertThat(lane.check()).isEqualTo(new StartCheck.Paused(PauseReason.NO_LOAD_SAMPLE));
        waiter.then(() -> feed(1));

        Optional<Permit> permit = lane.acquire();

        assertThat(permit).isPresent();
        assertThat(waiter.waits()).hasSize(1);
    }

    @Test
    void aWaitingWorkerGetsNothingWhenTheLaneIsStopped() throws InterruptedException {
        rampTo(2);
        var lane = pacer.lane(PhaseBudget.UNLIMITED);
        controller.pause();
        pacer.decisionChanged();
        waiter.then(() -> {}).then(lane::stop);

        Optional<Permit> permit = lane.acquire();

        assertThat(permit).isEmpty();
        assertThat(waiter.waits()).hasSize(2);
    }

    @Test
    void aStoppedPacerRefusesEveryLane() throws InterruptedException {
        rampTo(2);
        var lane = pacer.lane(PhaseBudget.UNLIMITED);

        pacer.stop();

        assertThat(lane.acquire()).isEmpty();
        assertThat(lane.tryAcquire()).isEmpty();
    }

    @Test
    void aStalledSampleFeedStopsStartsWithoutAnySignal() throws InterruptedException {
        rampTo(3);
        var lane = pacer.lane(PhaseBudget.UNLIMITED);
        lane.tryAcquire().orElseThrow();
        clock.advance(Duration.ofSeconds(31));

        assertThat(lane.check()).isEqualTo(new StartCheck.Paused(PauseReason.STALE_LOAD_SAMPLE));
    }

    @Test
    void aPhaseBudgetLimitsItsLaneWhileAnotherPhaseUsesTheRestOfTheInstance() {
        rampTo(5);
        var narrow = pacer.lane(new PhaseBudget(2, Double.POSITIVE_INFINITY));
        var wide = pacer.lane(PhaseBudget.UNLIMITED);

        List<Permit> narrowPermits = takeAll(narrow);
        List<Permit> widePermits = takeAll(wide);

        assertThat(narrowPermits).hasSize(2);
        assertThat(widePermits).hasSize(3);
        assertThat(pacer.running()).isEqualTo(5);
    }

    private CommandPausableController staticBudget(double budget) {
        return AdmissionControllers.create(
                AdmissionConfig.defaults()
                        .withStrategy(AdmissionStrategy.STATIC)
                        .withStaticBudget(budget),
                clock);
    }

    private PartitionPacer.Lane staticLane(double budget) {
        return new PartitionPacer(staticBudget(budget), clock, waiter).lane(PhaseBudget.UNLIMITED);
    }

    @Test
    void aStaticBudgetOfAHalfPacesStartsOnTheTestClockWithoutSleeping() throws InterruptedException {
        // given a static budget of half a statement-second per second, and 1 s partitions run back to back
        var lane = staticLane(0.5);
        Instant t0 = clock.instant();
        List<Duration> startedAfter = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            Permit permit = lane.acquire().orElseThrow();
            startedAfter.add(Duration.between(t0, clock.instant()));
            assertThat(lane.tryAcquire())
                    .as("one statement at a time under 0.5")
                    .isEmpty();
            clock.advance(Duration.ofSeconds(1)); // the partition runs
            permit.close();
        }

        // then the full bucket (0.5) pays half of the first, and each later partition waits as long as it ran
        assertThat(startedAfter)
                .containsExactly(
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(7));
        assertThat(waiter.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aStaticBudgetWaitsUntilTheInstantItsDebtIsRepaidNotARecheckLater() throws InterruptedException {
        // given a partition of 2.5 s under 0.5: a debt of 0.5 - 1.25 = -0.75, repaid in 1.5 s
        var lane = staticLane(0.5);
        Instant t0 = clock.instant();
        Permit first = lane.acquire().orElseThrow();
        clock.advance(Duration.ofMillis(2_500));
        first.close();
        assertThat(lane.check()).isEqualTo(new StartCheck.NotBefore(t0.plusMillis(4_000)));

        lane.acquire().orElseThrow();

        assertThat(clock.instant()).isEqualTo(t0.plusMillis(4_000));
        assertThat(waiter.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    @Test
    void aWholeStaticBudgetIsAPoolWithoutStartSpacing() {
        var lane = staticLane(2);

        List<Permit> taken = takeAll(lane);
        taken.get(0).close();

        assertThat(taken).hasSize(2);
        assertThat(lane.tryAcquire()).as("a freed slot is refilled at once").isPresent();
        assertThat(lane.check()).isEqualTo(new StartCheck.AtCapacity(2, 2));
        assertThat(waiter.waits()).isEmpty();
    }

    @Test
    void aCommandPauseKeepsTheStaticBudgetsDebt() {
        // given a debt: a 3 s partition under 0.5 leaves -1, repaid 2 s after it ends
        var halfBudget = staticBudget(0.5);
        var lane = new PartitionPacer(halfBudget, clock, waiter).lane(PhaseBudget.UNLIMITED);
        Instant t0 = clock.instant();
        Permit permit = lane.tryAcquire().orElseThrow();
        clock.advance(Duration.ofSeconds(3));
        permit.close();

        // when paused and resumed a second later
        halfBudget.pause();
        clock.advance(Duration.ofSeconds(1));
        assertThat(lane.check()).isEqualTo(new StartCheck.Paused(PauseReason.COMMAND));
        halfBudget.resume();

        // then the debt is still being repaid, at the same rate
        assertThat(lane.check()).isEqualTo(new StartCheck.NotBefore(t0.plusSeconds(5)));
    }

    @Test
    void aBlockedWorkerThreadIsWokenByAReleaseOnAnotherThread() throws Exception {
        // Real threads and the production waiter; the recheck interval is long, so only the signal can wake it.
        var realPacer = new PartitionPacer(controller, clock, Waiter.blocking(), Duration.ofMinutes(10));
        clock.advance(LoadTrace.PERIOD);
        realPacer.onLoadSample(LoadSample.of(WAREHOUSE, clock.instant(), 0.1)); // limit 2
        var lane = realPacer.lane(PhaseBudget.UNLIMITED);
        List<Permit> held = takeAll(lane);
        assertThat(held).hasSize(2);

        CompletableFuture<Optional<Permit>> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return lane.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        });
        held.get(0).close();

        assertThat(blocked.get(10, TimeUnit.SECONDS)).isPresent();
        assertThat(lane.running()).isEqualTo(2);
    }
}
