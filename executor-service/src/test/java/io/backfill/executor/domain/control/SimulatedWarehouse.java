package io.backfill.executor.domain.control;

import io.backfill.executor.domain.admission.StartCheck;
import io.backfill.executor.domain.admission.WorkBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;

/**
 * A warehouse in a test tube: foreground latency grows with the backfill statements running
 * ({@code base × (1 + slowdown × running)}, times log-normal noise), a backfill with endless work
 * admitted by the real {@link WorkBudget} at the controller's budget, canaries four times a second
 * and a decision every second, on simulated time in 10 ms steps.
 */
final class SimulatedWarehouse {

    record Tick(double second, double budget, double ratio, String state, int running) {}

    private static final Duration STEP = Duration.ofMillis(10);

    private final double slowdown;
    private final double statementSeconds;
    private final double noise;
    private final Random random;
    private final WarehouseBudgetController controller;
    private final List<Double> endsAt = new ArrayList<>();
    private final List<Tick> ticks = new ArrayList<>();
    private final List<Double> spikes = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-01T00:00:00Z");
    private double elapsed;
    private double budget;
    private WorkBudget work;

    SimulatedWarehouse(double slowdown, double statementSeconds, double noise, long seed, ControllerSettings settings) {
        this.slowdown = slowdown;
        this.statementSeconds = statementSeconds;
        this.noise = noise;
        this.random = new Random(seed);
        this.controller = new WarehouseBudgetController(settings, t -> false);
    }

    /** A foreground spike: canaries between these seconds read {@code factor} times slower. */
    SimulatedWarehouse spike(double fromSecond, double toSecond, double factor) {
        spikes.add(fromSecond);
        spikes.add(toSecond);
        spikes.add(factor);
        return this;
    }

    List<Tick> run(double seconds) {
        long steps = Math.round(seconds / 0.01);
        for (long i = 0; i < steps; i++) {
            now = now.plus(STEP);
            elapsed += 0.01;
            endsAt.removeIf(end -> end <= elapsed + 1e-9);
            startWhatTheBudgetAllows();
            if (i % 25 == 0) {
                canary();
            }
            if (i % 100 == 0) {
                BudgetVerdict verdict = controller.decide(now);
                budget = verdict.budget();
                ticks.add(new Tick(elapsed, budget, verdict.ratio(), verdict.state(), endsAt.size()));
            }
        }
        return ticks;
    }

    private void startWhatTheBudgetAllows() {
        if (budget <= 0) {
            if (work != null) {
                work = work.advance(now, work.rate(), endsAt.size());
            }
            return;
        }
        work = work == null ? WorkBudget.full(now, budget) : work.advance(now, budget, endsAt.size());
        while (work.check(now) instanceof StartCheck.Go) {
            endsAt.add(elapsed + statementSeconds * (0.8 + 0.4 * random.nextDouble()));
            work = work.advance(now, budget, endsAt.size());
        }
    }

    private void canary() {
        int running = endsAt.size();
        double latencyMs = 10 * (1 + slowdown * running) * Math.exp(noise * random.nextGaussian()) * spikeFactor();
        double oldest = 0;
        for (double end : endsAt) {
            oldest = Math.max(oldest, statementSeconds - (end - elapsed));
        }
        controller.onCanary(new CanaryTick(
                now, Duration.ofNanos((long) (latencyMs * 1e6)), false, OptionalInt.of(running), Math.max(0, oldest)));
    }

    private double spikeFactor() {
        for (int i = 0; i < spikes.size(); i += 3) {
            if (elapsed >= spikes.get(i) && elapsed < spikes.get(i + 1)) {
                return spikes.get(i + 2);
            }
        }
        return 1;
    }

    /** The felt ratio without noise: what the backfill's running statements do to a foreground query. */
    double trueRatio(int running) {
        return 1 + slowdown * running;
    }
}
