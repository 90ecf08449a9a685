package io.backfill.benchmark;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseProgressType;
import io.backfill.warehouse.ConnectionSource;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs one scenario from an equal start: the target restored from its template, vacuumed, the cache
 * warmed and checkpointed; then a fresh executor with the scenario's admission setting (one instance,
 * so a static budget is the whole warehouse's), the open-loop foreground under the block's profile,
 * and the backfill submitted at the foreground's start. The window ends when the backfill is
 * COMPLETED (or the time limit cancels it); a baseline runs the foreground alone for a fixed time.
 * The coordinator's state is sampled every {@link #TICK}; CPU per process group is read at both ends.
 */
final class ScenarioRunner {

    static final Duration TICK = Duration.ofMillis(250);
    private static final Set<BackfillState> FINAL = Set.of(
            BackfillState.COMPLETED,
            BackfillState.FAILED,
            BackfillState.CANCELLED,
            BackfillState.REJECTED,
            BackfillState.ROLLED_BACK);

    /** What every scenario shares. */
    record Settings(
            LocalDate first,
            LocalDate endExclusive,
            int windowDays,
            Duration baselineLength,
            Duration timeLimit,
            int foregroundWorkers) {}

    private final BenchStack stack;
    private final ConnectionSource warehouse;
    private final ForegroundQueries queries;
    private final CpuGroups cpu;
    private final Settings settings;
    private final PrintStream out;

    ScenarioRunner(
            BenchStack stack,
            ConnectionSource warehouse,
            ForegroundQueries queries,
            CpuGroups cpu,
            Settings settings,
            PrintStream out) {
        this.stack = stack;
        this.warehouse = warehouse;
        this.queries = queries;
        this.cpu = cpu;
        this.settings = settings;
        this.out = out;
    }

    ScenarioOutcome run(LoadProfile profile, Optional<Strategy> strategy, int repeat, int order, long seed)
            throws InterruptedException, SQLException {
        FactDataset.restoreTarget(warehouse);
        String name = profile.name() + "-" + strategy.map(Strategy::slug).orElse("baseline") + "-r" + repeat;
        return strategy.isEmpty()
                ? baseline(profile, repeat, order, seed)
                : backfill(profile, strategy.get(), repeat, order, seed, name);
    }

    private ScenarioOutcome baseline(LoadProfile profile, int repeat, int order, long seed)
            throws InterruptedException {
        Map<String, Double> cpuBefore = cpu.seconds();
        List<Tick> ticks = new ArrayList<>();
        ForegroundSamples samples;
        long windowNanos;
        try (OpenLoopLoad load =
                OpenLoopLoad.start(profile, ForegroundQueries.MIX, queries, settings.foregroundWorkers(), seed)) {
            while (System.nanoTime() - load.startNanos()
                    < settings.baselineLength().toNanos()) {
                ticks.add(new Tick(seconds(load.startNanos()), stack.events().pressure(), 0, 0, 0, 0));
                TimeUnit.MILLISECONDS.sleep(TICK.toMillis());
            }
            windowNanos = System.nanoTime() - load.startNanos();
            samples = load.samples();
        }
        return new ScenarioOutcome(
                profile.name(),
                Optional.empty(),
                repeat,
                order,
                true,
                windowNanos / 1e9,
                0,
                0,
                0,
                0,
                samples.window(0, windowNanos),
                samples.failures(),
                List.of(),
                CpuGroups.delta(cpuBefore, cpu.seconds()),
                ticks);
    }

    /**
     * The foreground starts first; then the executor (and the sampler's warm-up under that foreground); the
     * backfill is submitted after, and the window, its foreground figures and its time limit count from
     * the submission.
     */
    private ScenarioOutcome backfill(
            LoadProfile profile, Strategy strategy, int repeat, int order, long seed, String name)
            throws InterruptedException {
        BackfillRequested request = BenchBackfill.request(
                name,
                settings.first(),
                settings.endExclusive(),
                settings.windowDays(),
                stack.clock().instant());
        String id = request.getBackfillId();
        List<Tick> ticks = new ArrayList<>();
        Optional<BackfillStatus> last = Optional.empty();
        ForegroundSamples samples;
        long windowNanos;
        long submitOffset;
        Instant submitted;
        Map<String, Double> cpuBefore;
        Map<String, Double> cpuAfter;
        try (OpenLoopLoad load = OpenLoopLoad.start(
                        profile, ForegroundQueries.MIX, queries, settings.foregroundWorkers(), seed);
                BenchStack.Executor executor =
                        stack.startExecutor("executor-" + name, "executors-" + name, strategy.admission())) {
            cpuBefore = cpu.seconds();
            submitOffset = System.nanoTime() - load.startNanos();
            submitted = stack.clock().instant();
            stack.submit(request);
            long submitNanos = load.startNanos() + submitOffset;
            long nextPrint = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() - submitNanos < settings.timeLimit().toNanos()) {
                last = stack.events().status(id);
                ticks.add(new Tick(
                        seconds(load.startNanos()),
                        stack.events().pressure(),
                        executor.admittedBudget(),
                        executor.runningPartitions(),
                        stack.events().partitionsStaged(id),
                        last.map(BackfillStatus::getPartitionsPublished).orElse(0)));
                if (last.isPresent() && FINAL.contains(last.get().getState())) {
                    break;
                }
                if (System.nanoTime() >= nextPrint) {
                    Tick t = ticks.getLast();
                    out.printf(
                            "      t=%5.1fs  staged %3d  published %3d  budget %.2f  running %d  pressure %.2f%n",
                            t.seconds(), t.staged(), t.published(), t.admittedBudget(), t.running(), t.pressure());
                    nextPrint = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                }
                TimeUnit.MILLISECONDS.sleep(TICK.toMillis());
            }
            windowNanos = System.nanoTime() - submitNanos;
            samples = load.samples();
            cpuAfter = cpu.seconds();
            if (last.isEmpty() || !FINAL.contains(last.get().getState())) {
                // With the executor still there to stop its phases.
                out.println("      time limit reached: cancelling " + id);
                stack.cancel(id);
                awaitFinal(id, Duration.ofSeconds(60));
            }
        }
        boolean completed = last.isPresent() && last.get().getState() == BackfillState.COMPLETED;
        double window = completed
                ? Duration.between(submitted, last.get().getUpdatedAt()).toNanos() / 1e9
                : windowNanos / 1e9;
        double statementSeconds = stack.events().statementSeconds(id);
        return new ScenarioOutcome(
                profile.name(),
                Optional.of(strategy),
                repeat,
                order,
                completed,
                window,
                last.map(BackfillStatus::getPartitionsTotal).orElse(0),
                last.map(BackfillStatus::getPartitionsPublished).orElse(0),
                statementSeconds,
                stack.events().count(id, PhaseProgressType.PAUSED),
                samples.window(submitOffset, submitOffset + (long) (window * 1e9)),
                samples.failures(),
                stack.events().dispatchLatencies(id),
                CpuGroups.delta(cpuBefore, cpuAfter),
                ticks);
    }

    private void awaitFinal(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<BackfillStatus> status = stack.events().status(id);
            if (status.isPresent() && FINAL.contains(status.get().getState())) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        out.println("      warning: " + id + " did not reach a final state after cancel");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
