package io.backfill.benchmark;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Planning at scale through the path a user takes: a DRY_RUN request for {@code partitions} hourly
 * partitions is published to {@code backfill-requests}; the real planner validates it against the
 * warehouse catalogue, splits and schedules it and publishes its status; the clock stops when that
 * status is readable: the summary on {@code backfill-status} counts every partition and every phase
 * record it announces is on {@code backfill-phase-status}. Runs last: a planner that cannot publish a
 * status this large must not take the other figures down with it.
 */
final class PlanningProbe {

    /**
     * @param time submission to a readable planned status; empty when it never became readable
     * @param state the last state seen, or why nothing was seen
     */
    record Result(
            int partitions,
            Optional<Duration> time,
            String state,
            long statusBytes,
            int phases,
            long largestPhaseRecordBytes) {}

    private PlanningProbe() {}

    static Result measure(BenchStack stack, int partitions, Duration limit) throws InterruptedException {
        BackfillRequested request = BenchBackfill.hourlyDryRun(
                "planning-" + partitions,
                LocalDate.of(2015, 1, 1),
                partitions,
                stack.clock().instant());
        String id = request.getBackfillId();
        long started = System.nanoTime();
        stack.submit(request);
        Optional<BackfillStatus> last = Optional.empty();
        while (System.nanoTime() - started < limit.toNanos()) {
            last = stack.events().status(id);
            if (last.isPresent()
                    && last.get().getPartitionsTotal() == partitions
                    && stack.events().phaseRecords(id) >= last.get().getPhaseCount()) {
                Duration time = Duration.ofNanos(System.nanoTime() - started);
                return result(
                        stack,
                        id,
                        partitions,
                        Optional.of(time),
                        last.get().getState().name());
            }
            if (last.isPresent() && last.get().getState() == BackfillState.REJECTED) {
                return result(
                        stack,
                        id,
                        partitions,
                        Optional.empty(),
                        "REJECTED: " + String.join("; ", last.get().getProblems()));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        String seen = last.map(s -> "last status " + s.getState() + " with " + s.getPartitionsTotal() + " partitions")
                .orElse("no status on backfill-status within " + limit.toSeconds() + " s");
        return result(stack, id, partitions, Optional.empty(), seen);
    }

    private static Result result(BenchStack stack, String id, int partitions, Optional<Duration> time, String state) {
        return new Result(
                partitions,
                time,
                state,
                stack.events().statusBytes(id),
                stack.events().phaseRecords(id),
                stack.events().largestPhaseRecordBytes(id));
    }
}
