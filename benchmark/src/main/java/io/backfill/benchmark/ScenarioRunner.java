package io.backfill.benchmark;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseProgressType;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link Scenario}: starts a fresh executor with the scenario's admission strategy (one
 * instance, so {@code static 1} really is a pool of one for the whole warehouse), submits the
 * backfill, samples the coordinator's state every {@link #TICK}, switches the foreground spike on and
 * off at fixed offsets, and waits for COMPLETED or the time limit. Baselines run the dashboards alone
 * for a fixed time.
 */
final class ScenarioRunner {

    static final Duration TICK = Duration.ofMillis(500);
    private static final Set<BackfillState> FINAL = Set.of(
            BackfillState.COMPLETED,
            BackfillState.FAILED,
            BackfillState.CANCELLED,
            BackfillState.REJECTED,
            BackfillState.ROLLED_BACK);

    /** The knobs every scenario shares. */
    record Settings(
            LocalDate first,
            LocalDate endExclusive,
            int windowDays,
            Duration baselineLength,
            Duration spikeStart,
            Duration spikeLength,
            int spikeClients,
            Duration timeLimit,
            long bucketMillis) {}

    private final BenchStack stack;
    private final Dashboards dashboards;
    private final Settings settings;
    private final PrintStream out;

    ScenarioRunner(BenchStack stack, Dashboards dashboards, Settings settings, PrintStream out) {
        this.stack = stack;
        this.dashboards = dashboards;
        this.settings = settings;
        this.out = out;
    }

    ScenarioResult run(Scenario scenario) throws InterruptedException {
        BenchStack.Executor executor = scenario.baseline()
                ? null
                : stack.startExecutor(
                        "executor-" + scenario.name(),
                        "executors-" + scenario.name(),
                        admission(scenario.strategy().get(), scenario.staticConcurrency()));
        try {
            return scenario.baseline() ? baseline(scenario) : backfill(scenario, executor);
        } finally {
            if (executor != null) {
                executor.close();
            }
        }
    }

    /** The product's defaults, changed only where the strategy is the point of the scenario. */
    static AdmissionConfig admission(AdmissionStrategy strategy, int staticConcurrency) {
        return AdmissionConfig.defaults()
                .withStrategy(strategy)
                .withInstanceCap(8)
                .withStaticConcurrency(staticConcurrency);
    }

    private ScenarioResult baseline(Scenario scenario) throws InterruptedException {
        LatencyTimeline latency = new LatencyTimeline(settings.bucketMillis());
        long failuresBefore = dashboards.failures();
        long started = System.nanoTime();
        dashboards.recordInto(latency);
        List<TimelinePoint> timeline = new ArrayList<>();
        boolean spiking = false;
        while (elapsed(started).compareTo(settings.baselineLength()) < 0) {
            spiking = steerSpike(scenario, started, spiking);
            timeline.add(new TimelinePoint(seconds(started), stack.events().pressure(), 0, 0, 0));
            TimeUnit.MILLISECONDS.sleep(TICK.toMillis());
        }
        stopSpike(spiking);
        dashboards.recordInto(null);
        return result(
                scenario,
                0,
                true,
                settings.baselineLength(),
                latency,
                dashboards.failures() - failuresBefore,
                0,
                0,
                timeline,
                List.of());
    }

    private ScenarioResult backfill(Scenario scenario, BenchStack.Executor executor) throws InterruptedException {
        BackfillRequested request = BenchBackfill.request(
                scenario.name(),
                settings.first(),
                settings.endExclusive(),
                settings.windowDays(),
                stack.clock().instant());
        String id = request.getBackfillId();
        LatencyTimeline latency = new LatencyTimeline(settings.bucketMillis());
        long failuresBefore = dashboards.failures();
        long started = System.nanoTime();
        Instant submitted = stack.clock().instant();
        dashboards.recordInto(latency);
        stack.submit(request);
        List<TimelinePoint> timeline = new ArrayList<>();
        boolean spiking = false;
        Optional<BackfillStatus> last = Optional.empty();
        long nextPrint = 0;
        while (elapsed(started).compareTo(settings.timeLimit()) < 0) {
            spiking = steerSpike(scenario, started, spiking);
            last = stack.events().status(id);
            timeline.add(new TimelinePoint(
                    seconds(started),
                    stack.events().pressure(),
                    executor.permits(),
                    executor.runningPartitions(),
                    stack.events().partitionsStaged(id)));
            if (last.isPresent() && FINAL.contains(last.get().getState())) {
                break;
            }
            if (System.nanoTime() >= nextPrint) {
                TimelinePoint p = timeline.getLast();
                out.printf(
                        "    t=%5.1fs  staged %3d  published %3d  permits %d  running %d  pressure %.2f%s%n",
                        p.seconds(),
                        p.staged(),
                        last.map(BackfillStatus::getPartitionsPublished).orElse(0),
                        p.permits(),
                        p.running(),
                        p.pressure(),
                        spiking ? "  [spike]" : "");
                nextPrint = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            TimeUnit.MILLISECONDS.sleep(TICK.toMillis());
        }
        stopSpike(spiking);
        dashboards.recordInto(null);
        boolean completed = last.isPresent() && last.get().getState() == BackfillState.COMPLETED;
        Duration makespan = completed ? Duration.between(submitted, last.get().getUpdatedAt()) : elapsed(started);
        if (last.isEmpty() || !FINAL.contains(last.get().getState())) {
            out.println("    time limit reached: cancelling " + id);
            stack.cancel(id);
            awaitFinal(id, Duration.ofSeconds(60));
        }
        long published = last.map(BackfillStatus::getPartitionsPublished).orElse(0);
        int total = last.map(BackfillStatus::getPartitionsTotal).orElse(0);
        return result(
                scenario,
                total,
                completed,
                makespan,
                latency,
                dashboards.failures() - failuresBefore,
                stack.events().count(id, PhaseProgressType.PAUSED),
                published,
                timeline,
                stack.events().dispatchLatencies(id));
    }

    private ScenarioResult result(
            Scenario scenario,
            int partitions,
            boolean completed,
            Duration makespan,
            LatencyTimeline latency,
            long failures,
            long pauses,
            long published,
            List<TimelinePoint> timeline,
            List<Duration> dispatch) {
        long from = 0;
        long to = makespan.toMillis();
        String window = "whole run";
        if (scenario.spike()) {
            from = settings.spikeStart().toMillis();
            to = from + settings.spikeLength().toMillis();
            window = "spike " + settings.spikeStart().toSeconds() + "-" + (to / 1000) + " s";
        }
        Histogram h = latency.window(from, to);
        return new ScenarioResult(
                scenario,
                partitions,
                completed,
                makespan,
                LatencyTimeline.percentileMillis(h, 50),
                LatencyTimeline.percentileMillis(h, 95),
                LatencyTimeline.percentileMillis(h, 99),
                h.getTotalCount(),
                failures,
                window,
                pauses,
                published,
                timeline,
                latency.series(),
                dispatch);
    }

    private boolean steerSpike(Scenario scenario, long started, boolean spiking) throws InterruptedException {
        if (!scenario.spike()) {
            return false;
        }
        Duration now = elapsed(started);
        boolean inSpike = now.compareTo(settings.spikeStart()) >= 0
                && now.compareTo(settings.spikeStart().plus(settings.spikeLength())) < 0;
        if (inSpike && !spiking) {
            dashboards.startSpike(settings.spikeClients());
        } else if (!inSpike && spiking) {
            dashboards.stopSpike();
        }
        return inSpike;
    }

    private void stopSpike(boolean spiking) throws InterruptedException {
        if (spiking) {
            dashboards.stopSpike();
        }
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
        out.println("    warning: " + id + " did not reach a final state after cancel");
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
