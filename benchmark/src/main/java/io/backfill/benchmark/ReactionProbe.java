package io.backfill.benchmark;

import io.backfill.executor.domain.admission.AdmissionStrategy;
import io.backfill.warehouse.ConnectionSource;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reaction time from a pressure spike to throttled admission, over the real path: the load sampler
 * measures the warehouse and publishes to {@code warehouse-load}, an idle {@code adaptive} executor
 * reads it and its admission controller decides. Each trial waits until the executor admits at least
 * {@code calmPermits} partitions, starts a burst of heavy queries at a known instant, and times until
 * the executor's decision admits fewer than before (or pauses). The clock starts when the load starts,
 * not when a sample first shows it, so the sampler's period is part of the reaction.
 */
final class ReactionProbe {

    /** Reactions of the trials that reacted within the limit, and how many did not. */
    record Result(List<Duration> reactions, int missed) {}

    private ReactionProbe() {}

    static Result measure(
            BenchStack stack,
            ConnectionSource connections,
            int trials,
            int heavyClients,
            int calmPermits,
            PrintStream out)
            throws InterruptedException {
        List<Duration> reactions = new ArrayList<>();
        int missed = 0;
        try (BenchStack.Executor executor = stack.startExecutor(
                "executor-reaction", "executors-reaction", ScenarioRunner.admission(AdmissionStrategy.ADAPTIVE, 1))) {
            for (int trial = 0; trial < trials; trial++) {
                if (!await(() -> executor.permits() >= calmPermits, Duration.ofSeconds(60))) {
                    out.println(
                            "    trial " + trial + ": admission never reached " + calmPermits + " permits (pressure "
                                    + String.format("%.2f", stack.events().pressure()) + "); skipped");
                    missed++;
                    continue;
                }
                int before = executor.permits();
                long started = System.nanoTime();
                Duration reaction = null;
                try (HeavyLoad load = new HeavyLoad(connections, heavyClients)) {
                    long limit = started + TimeUnit.SECONDS.toNanos(20);
                    while (System.nanoTime() < limit) {
                        if (executor.permits() < before) {
                            reaction = Duration.ofNanos(System.nanoTime() - started);
                            break;
                        }
                        TimeUnit.MILLISECONDS.sleep(5);
                    }
                }
                if (reaction == null) {
                    missed++;
                    out.println("    trial " + trial + ": no throttling within 20 s");
                } else {
                    reactions.add(reaction);
                    out.printf(
                            "    trial %d: %d permits -> throttled after %d ms%n", trial, before, reaction.toMillis());
                }
            }
        }
        return new Result(reactions, missed);
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return false;
    }
}
