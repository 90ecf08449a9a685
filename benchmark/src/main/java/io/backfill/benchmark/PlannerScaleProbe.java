package io.backfill.benchmark;

import com.sun.management.ThreadMXBean;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.Catalogue;
import io.backfill.planner.domain.FailurePolicy;
import io.backfill.planner.domain.RolloutMode;
import io.backfill.planner.domain.lifecycle.Instruction;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.planning.Step;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.validation.SpecValidator;
import io.backfill.planner.domain.window.WindowPolicy;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans and releases one backfill of {@code partitions} hourly partitions with the planner's own
 * domain (validation, splitting into phases of at most 100 partitions, intake, one scheduler tick
 * releasing every phase), in this JVM without Kafka: the planner's CPU and memory cost at scale,
 * separate from messaging. Time is wall time of the whole sequence; heap is what the planner keeps
 * (used heap after a GC with the planner alive, minus before) and what the sequence allocated.
 */
final class PlannerScaleProbe {

    /** One measured run. */
    record Result(int partitions, int phases, int released, Duration time, long retainedBytes, long allocatedBytes) {}

    private PlannerScaleProbe() {}

    /** Runs {@code runs} times (the first run includes class loading and JIT warm-up) and returns every run. */
    static List<Result> measure(int partitions, int runs) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            results.add(once(partitions, "scale-" + i));
        }
        return results;
    }

    private static Result once(int partitions, String backfillId) {
        Clock clock = Clock.systemUTC();
        LocalDateTime start = LocalDateTime.of(2014, 1, 1, 0, 0);
        PartitionRange range = PartitionRange.of(
                PartitionGrain.HOUR,
                "UTC",
                start.toString(),
                start.plusHours(partitions).toString());
        int maxPerPhase = 100;
        int phasesExpected = (partitions + maxPerPhase - 1) / maxPerPhase;
        BackfillSpec spec = new BackfillSpec(
                backfillId,
                new TableRef("mart", "hourly_sales"),
                "sale_hour",
                range,
                "SELECT * FROM bench.sales WHERE sale_hour >= :partition_start AND sale_hour < :partition_end",
                50,
                Optional.empty(),
                new Budgets(8, 100, 1_000_000_000L, phasesExpected),
                WindowPolicy.always(ZoneOffset.UTC),
                RolloutMode.PUBLISH,
                false,
                FailurePolicy.retry(1, Duration.ofSeconds(60)),
                Set.of(),
                "benchmark");
        Catalogue everything = new Catalogue() {
            @Override
            public boolean tableExists(TableRef table) {
                return true;
            }

            @Override
            public boolean columnExists(TableRef table, String column) {
                return true;
            }
        };
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeapAfterGc();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long began = System.nanoTime();

        List<String> problems = new SpecValidator(clock).problems(spec, everything);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("scale probe request is invalid: " + problems);
        }
        List<PhasePlan> plans = new PhaseSplitter(new SplitPolicy(Duration.ofMinutes(15), 1, maxPerPhase))
                .split(backfillId, range, CostModel.uniform(1.0));
        Planner planner =
                new Planner(clock, new Planner.Settings(plans.size(), Duration.ofMinutes(10), Duration.ofMinutes(30)));
        planner.submit(spec, problems, plans, 1.0, clock.instant());
        Step released = planner.tick();

        Duration took = Duration.ofNanos(System.nanoTime() - began);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long retained = usedHeapAfterGc() - heapBefore;
        int releasedPartitions = released.instructions().stream()
                .filter(Instruction.ReleasePhase.class::isInstance)
                .mapToInt(i -> ((Instruction.ReleasePhase) i).phase().size())
                .sum();
        // Keep the planner reachable until the heap was measured.
        if (planner.runs().isEmpty()) {
            throw new IllegalStateException("planner lost the backfill");
        }
        return new Result(partitions, plans.size(), releasedPartitions, took, Math.max(0, retained), allocated);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
