package io.backfill.benchmark;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Coordinator overhead on an idle warehouse: a backfill of many tiny partitions (a few milliseconds of
 * SQL each) through the whole path, planner → executor → validator gate → publish, with no foreground.
 * What is left of each partition's end-to-end time after its statement time is the coordinator's:
 * Kafka round trips, pacing, checkpoints, gates and publishes.
 */
final class OverheadProbe {

    /**
     * @param seconds submission to COMPLETED (or to the time limit)
     * @param statementSeconds the partitions' statement times added up
     */
    record Result(
            String strategy,
            int partitions,
            long published,
            boolean completed,
            double seconds,
            double statementSeconds,
            List<Duration> dispatch) {

        /** End-to-end seconds per published partition minus statement seconds per partition, in ms. */
        double overheadMillisPerPartition() {
            if (published == 0) {
                return Double.NaN;
            }
            return (seconds - statementSeconds) / published * 1000;
        }
    }

    private OverheadProbe() {}

    /** @param first the first day; each probe run takes its own days, so none waits behind another */
    // "try": the executor is never referenced in the try block, it only has to run while the backfill does.
    @SuppressWarnings("try")
    static Result measure(
            BenchStack stack, Strategy strategy, LocalDate first, int partitions, Duration timeLimit, PrintStream out)
            throws InterruptedException {
        BackfillRequested request = BenchBackfill.tiny(
                "overhead-" + strategy.slug(),
                first,
                first.plusDays(partitions),
                stack.clock().instant());
        String id = request.getBackfillId();
        try (BenchStack.Executor executor = stack.startExecutor(
                "executor-overhead-" + strategy.slug(),
                "executors-overhead-" + strategy.slug(),
                strategy.admission())) {
            Instant submitted = stack.clock().instant();
            long started = System.nanoTime();
            stack.submit(request);
            Optional<BackfillStatus> last = Optional.empty();
            while (System.nanoTime() - started < timeLimit.toNanos()) {
                last = stack.events().status(id);
                if (last.isPresent() && last.get().getState() == BackfillState.COMPLETED) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            boolean completed = last.isPresent() && last.get().getState() == BackfillState.COMPLETED;
            double seconds = completed
                    ? Duration.between(submitted, last.get().getUpdatedAt()).toNanos() / 1e9
                    : (System.nanoTime() - started) / 1e9;
            long published = last.map(BackfillStatus::getPartitionsPublished).orElse(0);
            if (!completed) {
                out.println("      not completed in " + timeLimit.toSeconds() + " s: cancelling " + id);
                stack.cancel(id);
            }
            double statementSeconds = stack.events().statementSeconds(id);
            return new Result(
                    strategy.label(),
                    partitions,
                    published,
                    completed,
                    seconds,
                    statementSeconds,
                    stack.events().dispatchLatencies(id));
        }
    }
}
