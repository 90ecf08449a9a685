package io.backfill.benchmark;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillState;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Recovery after an executor dies mid-phase: two executors share a group; once one of them has staged
 * part of a phase, it is closed abruptly (no drain: its consumer leaves the group and the phase stops at
 * the running partition's boundary without committing), and the probe times until the other instance
 * reports STARTED for that phase, resuming at the first unstaged partition. The backfill must still
 * complete.
 */
final class RecoveryProbe {

    /**
     * @param recovery from the close call to the survivor's STARTED for the same phase
     * @param resumedAt partitions already staged when the survivor started (resume, not redo)
     */
    record Result(
            Duration recovery, Duration closeTook, String phaseId, int resumedAt, int phaseSize, boolean completed) {}

    private RecoveryProbe() {}

    static Optional<Result> measure(BenchStack stack, LocalDate first, LocalDate end, int windowDays, PrintStream out)
            throws InterruptedException {
        BenchStack.Executor a = stack.startExecutor(
                "executor-recovery-a", "executors-recovery", ScenarioRunner.admission(AdmissionStrategy.STATIC, 1));
        BenchStack.Executor b = stack.startExecutor(
                "executor-recovery-b", "executors-recovery", ScenarioRunner.admission(AdmissionStrategy.STATIC, 1));
        BenchStack.Executor killed = null;
        try {
            // Both must own partitions before the request goes out, or one instance would take every phase.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((a.node().assignment().isEmpty()
                            || b.node().assignment().isEmpty()
                            || a.node().assignment().size()
                                            + b.node().assignment().size()
                                    < 12)
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
            BackfillRequested request = BenchBackfill.request(
                    "recovery", first, end, windowDays, stack.clock().instant());
            String id = request.getBackfillId();
            stack.submit(request);
            Optional<PhaseProgress> victim = Optional.empty();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (victim.isEmpty() && System.nanoTime() < deadline) {
                victim = midPhase(stack.events().progressOf(id));
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (victim.isEmpty()) {
                out.println("    no phase was caught mid-way; recovery not measured");
                return Optional.empty();
            }
            String phaseId = victim.get().getPhaseId();
            String dying = victim.get().getExecutorId();
            killed = dying.equals(a.node().executorId()) ? a : b;
            String survivor = killed == a ? b.node().executorId() : a.node().executorId();
            Instant killedAt = stack.clock().instant();
            long closeStarted = System.nanoTime();
            killed.close();
            Duration closeTook = Duration.ofNanos(System.nanoTime() - closeStarted);
            out.println("    closed " + dying + " in the middle of " + phaseId + " (close took " + closeTook.toMillis()
                    + " ms)");
            Optional<PhaseProgress> resumed = Optional.empty();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (resumed.isEmpty() && System.nanoTime() < deadline) {
                resumed = stack.events().progressOf(id).stream()
                        .filter(p -> p.getType() == PhaseProgressType.STARTED
                                && p.getPhaseId().equals(phaseId)
                                && p.getExecutorId().equals(survivor)
                                && !p.getOccurredAt().isBefore(killedAt))
                        .findFirst();
                TimeUnit.MILLISECONDS.sleep(20);
            }
            if (resumed.isEmpty()) {
                out.println("    " + survivor + " never resumed " + phaseId);
                return Optional.empty();
            }
            Duration recovery = Duration.between(killedAt, resumed.get().getOccurredAt());
            boolean completed = false;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline) {
                var status = stack.events().status(id);
                if (status.isPresent() && status.get().getState() == BackfillState.COMPLETED) {
                    completed = true;
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
            if (!completed) {
                stack.cancel(id);
            }
            return Optional.of(new Result(
                    recovery,
                    closeTook,
                    phaseId,
                    resumed.get().getPartitionsDone(),
                    resumed.get().getPartitionsTotal(),
                    completed));
        } finally {
            if (killed != a) {
                a.close();
            }
            if (killed != b) {
                b.close();
            }
        }
    }

    /** A phase that has staged at least one partition and is not staged yet: the moment to kill its executor. */
    private static Optional<PhaseProgress> midPhase(List<PhaseProgress> events) {
        return events.stream()
                .filter(p -> p.getType() == PhaseProgressType.PARTITION_STAGED
                        && p.getPartitionsDone() >= 1
                        && p.getPartitionsDone() < p.getPartitionsTotal() - 1)
                .filter(p -> events.stream()
                        .noneMatch(q -> q.getPhaseId().equals(p.getPhaseId())
                                && (q.getType() == PhaseProgressType.STAGED
                                        || q.getType() == PhaseProgressType.FAILED)))
                .findFirst();
    }
}
