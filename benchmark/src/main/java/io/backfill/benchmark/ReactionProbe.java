package io.backfill.benchmark;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.warehouse.ConnectionSource;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Reaction to a foreground spike, on work actually running: an {@code adaptive} executor (product
 * defaults, sampler at its default period) runs a real backfill on an otherwise idle warehouse; each
 * trial waits until partitions are running, starts a burst of heavy foreground queries at a known
 * instant, and times until the backfill's running statement-seconds per second (the mean number of
 * partitions staging over the last second) are at most half of what they were over the three seconds
 * before, with the admitted budget below its value before the spike (so a lull that happens by chance
 * does not count as a reaction). The clock starts when the spike starts, so the sampler's period is
 * part of the reaction.
 */
final class ReactionProbe {

    /** Reactions of the trials that reacted within the limit, and how many did not. */
    record Result(List<Duration> reactions, int missed, List<Double> levels) {}

    private record Reading(long nanos, int running, double budget) {}

    private static final Duration LIMIT = Duration.ofSeconds(20);
    /** Mean running partitions before a spike below which a halving would be lost in noise. */
    private static final double MIN_LEVEL = 0.3;

    private static final Set<BackfillState> FINISHED = Set.of(
            BackfillState.COMPLETED,
            BackfillState.FAILED,
            BackfillState.CANCELLED,
            BackfillState.REJECTED,
            BackfillState.ROLLED_BACK);

    private ReactionProbe() {}

    // "try": the spike's HeavyLoad is never referenced in its try block, it only has to run during it.
    @SuppressWarnings("try")
    static Result measure(
            BenchStack stack,
            ConnectionSource warehouse,
            LocalDate first,
            LocalDate end,
            int windowDays,
            int trials,
            int heavyClients,
            PrintStream out)
            throws Exception {
        List<Duration> reactions = new ArrayList<>();
        List<Double> levels = new ArrayList<>();
        int missed = 0;
        List<Reading> readings = new CopyOnWriteArrayList<>();
        FactDataset.restoreTarget(warehouse);
        try (BenchStack.Executor executor = stack.startExecutor(
                "executor-reaction", "executors-reaction", Strategy.adaptive().admission())) {
            Thread reader = Thread.ofPlatform().daemon().name("reaction-reader").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        readings.add(new Reading(
                                System.nanoTime(), executor.runningPartitions(), executor.admittedBudget()));
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            String backfill = submit(stack, first, end, windowDays, 0);
            try {
                for (int trial = 0; trial < trials; trial++) {
                    String running = awaitRunning(stack, backfill, readings, first, end, windowDays, trial);
                    if (running != null) {
                        backfill = running;
                    }
                    if (running == null) {
                        out.println("      trial " + trial + ": no partitions running within 90 s; skipped");
                        missed++;
                        continue;
                    }
                    long spikeStart = System.nanoTime();
                    double level = meanRunning(readings, spikeStart - TimeUnit.SECONDS.toNanos(3), spikeStart);
                    double budgetBefore = executor.admittedBudget();
                    levels.add(level);
                    Duration reaction = null;
                    try (HeavyLoad spike = new HeavyLoad(warehouse, heavyClients)) {
                        while (System.nanoTime() - spikeStart < LIMIT.toNanos()) {
                            TimeUnit.MILLISECONDS.sleep(50);
                            long now = System.nanoTime();
                            double recent = meanRunning(readings, Math.max(spikeStart, now - 1_000_000_000L), now);
                            if (now - spikeStart >= 250_000_000L
                                    && recent <= level / 2
                                    && executor.admittedBudget() < budgetBefore) {
                                reaction = Duration.ofNanos(now - spikeStart);
                                break;
                            }
                        }
                    }
                    // Where the time went: the admitted budget's first cut (the controller and the sample's trip
                    // through Kafka) and what followed (the running statements draining).
                    String cut = readings.stream()
                            .filter(r -> r.nanos() >= spikeStart && r.budget() < budgetBefore)
                            .findFirst()
                            .map(r -> String.format(
                                    java.util.Locale.ROOT,
                                    "budget %.2f → %.2f after %d ms",
                                    budgetBefore,
                                    r.budget(),
                                    (r.nanos() - spikeStart) / 1_000_000))
                            .orElse(String.format(java.util.Locale.ROOT, "budget %.2f never cut", budgetBefore));
                    if (reaction == null) {
                        missed++;
                        out.printf(
                                "      trial %d: running %.2f before; %s; not halved within %d s%n",
                                trial, level, cut, LIMIT.toSeconds());
                    } else {
                        reactions.add(reaction);
                        out.printf(
                                "      trial %d: running %.2f before; %s; halved after %d ms%n",
                                trial, level, cut, reaction.toMillis());
                    }
                    // Let the warehouse and the controller recover before the next spike.
                    TimeUnit.SECONDS.sleep(15);
                }
            } finally {
                reader.interrupt();
                stack.cancel(backfill);
                TimeUnit.SECONDS.sleep(2);
            }
        }
        return new Result(reactions, missed, levels);
    }

    private static String submit(BenchStack stack, LocalDate first, LocalDate end, int windowDays, int round) {
        BackfillRequested request = BenchBackfill.request(
                "reaction-" + round, first, end, windowDays, stack.clock().instant());
        stack.submit(request);
        return request.getBackfillId();
    }

    /**
     * Waits until partitions have been running for a while (mean ≥ 0.3 over 3 s); a backfill that
     * finished is replaced by a new one over the same days. Returns the backfill in use, or null.
     */
    private static String awaitRunning(
            BenchStack stack,
            String backfill,
            List<Reading> readings,
            LocalDate first,
            LocalDate end,
            int windowDays,
            int trial)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String current = backfill;
        int round = trial * 10;
        while (System.nanoTime() < deadline) {
            Optional<BackfillState> state = stack.events().status(current).map(s -> s.getState());
            if (state.isPresent() && FINISHED.contains(state.get())) {
                current = submit(stack, first, end, windowDays, ++round);
            }
            long now = System.nanoTime();
            if (meanRunning(readings, now - TimeUnit.SECONDS.toNanos(3), now) >= MIN_LEVEL) {
                return current;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return null;
    }

    private static double meanRunning(List<Reading> readings, long fromNanos, long toNanos) {
        return readings.stream()
                .filter(r -> r.nanos() >= fromNanos && r.nanos() <= toNanos)
                .mapToInt(Reading::running)
                .average()
                .orElse(0);
    }
}
