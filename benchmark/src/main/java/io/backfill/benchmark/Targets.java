package io.backfill.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The admission-control targets T1–T6, judged on one run's figures. Each verdict names the numbers it
 * rests on; a figure that could not be measured is "not measured", never met.
 */
final class Targets {

    static final double RATIO_TOLERANCE = 0.1;
    static final double FRONTIER_SLACK = 1.2;
    static final double BURSTY_SPEEDUP = 0.75;
    static final double IDLE_SLACK = 1.25;
    static final double OVERHEAD_MILLIS = 25;
    static final Duration REACTION = Duration.ofSeconds(2);
    static final Duration DISPATCH_P99 = Duration.ofMillis(200);
    static final Duration PLANNING = Duration.ofSeconds(5);

    private Targets() {}

    static List<Target> judge(RunInfo info, SweepAnalysis analysis) {
        double target = info.options.targetRatio();
        List<Target> targets = new ArrayList<>();
        targets.add(steady(analysis, target));
        targets.add(bursty(analysis, target));
        targets.add(idle(info, analysis));
        targets.add(reaction(info));
        targets.add(dispatch(info, analysis));
        targets.add(planning(info));
        return targets;
    }

    private static Target steady(SweepAnalysis analysis, double target) {
        String goal = String.format(
                Locale.ROOT,
                "steady: adaptive's foreground p95 ratio within ±%.1f of %.2f× and its makespan ≤ %.1f × M*(its ratio)",
                RATIO_TOLERANCE,
                target,
                FRONTIER_SLACK);
        Optional<SweepAnalysis.Row> adaptive = analysis.row("steady", "adaptive");
        if (adaptive.isEmpty() || !adaptive.get().ratio().measured()) {
            return Target.notMeasured("T1", goal, "no steady adaptive scenario with a baseline");
        }
        double r = adaptive.get().ratio().median();
        double m = adaptive.get().makespan().median();
        OptionalDouble best = analysis.frontier("steady").bestMakespanAt(r);
        boolean inBand = Math.abs(r - target) <= RATIO_TOLERANCE;
        if (best.isEmpty()) {
            return Target.of(
                    "T1",
                    goal,
                    String.format(
                            Locale.ROOT,
                            "ratio %.2f× (%s); makespan %.1f s; no static budget was as gentle, so M*(%.2f) is not"
                                    + " defined",
                            r,
                            inBand ? "in band" : "outside the band",
                            m,
                            r),
                    false);
        }
        double score = m / best.getAsDouble();
        return Target.of(
                "T1",
                goal,
                String.format(
                        Locale.ROOT,
                        "ratio %.2f× (%s); makespan %.1f s vs M*(%.2f) = %.1f s: %.2f× the frontier",
                        r,
                        inBand ? "in band" : "outside the band",
                        m,
                        r,
                        best.getAsDouble(),
                        score),
                inBand && score <= FRONTIER_SLACK);
    }

    private static Target bursty(SweepAnalysis analysis, double target) {
        String goal = String.format(
                Locale.ROOT,
                "bursty: adaptive's makespan ≤ %.2f × that of the fastest static budget whose busy-period p95 ratio is"
                        + " ≤ %.2f×, with adaptive's own busy-period ratio ≤ %.2f×",
                BURSTY_SPEEDUP,
                target,
                target);
        Optional<SweepAnalysis.Row> adaptive = analysis.row("bursty", "adaptive");
        if (adaptive.isEmpty() || !adaptive.get().ratio().measured()) {
            return Target.notMeasured("T2", goal, "no bursty adaptive scenario with a baseline");
        }
        Optional<SweepAnalysis.Row> fastestGentle = analysis.rows().stream()
                .filter(r -> r.profile().equals("bursty")
                        && r.isStatic()
                        && r.ratio().measured())
                .filter(r -> r.ratio().median() <= target)
                .min(Comparator.comparingDouble(r -> r.makespan().median()));
        double r = adaptive.get().ratio().median();
        double m = adaptive.get().makespan().median();
        if (fastestGentle.isEmpty()) {
            return Target.of(
                    "T2",
                    goal,
                    String.format(
                            Locale.ROOT,
                            "no static budget kept the busy-period ratio ≤ %.2f×; adaptive %.2f×, %.1f s",
                            target,
                            r,
                            m),
                    false);
        }
        double s = fastestGentle.get().makespan().median();
        return Target.of(
                "T2",
                goal,
                String.format(
                        Locale.ROOT,
                        "adaptive %.1f s at %.2f× vs %s %.1f s at %.2f×: %.2f×",
                        m,
                        r,
                        fastestGentle.get().label(),
                        s,
                        fastestGentle.get().ratio().median(),
                        m / s),
                m <= BURSTY_SPEEDUP * s && r <= target);
    }

    private static Target idle(RunInfo info, SweepAnalysis analysis) {
        String goal = String.format(
                Locale.ROOT,
                "idle: adaptive's makespan ≤ %.2f × none's; coordinator overhead ≤ %.0f ms per partition",
                IDLE_SLACK,
                OVERHEAD_MILLIS);
        Optional<SweepAnalysis.Row> adaptive = analysis.row("idle", "adaptive");
        Optional<SweepAnalysis.Row> none = analysis.row("idle", "none");
        Optional<OverheadProbe.Result> overhead = info.overhead.stream()
                .filter(o -> o.strategy().equals("adaptive"))
                .findFirst();
        if (adaptive.isEmpty() || none.isEmpty() || overhead.isEmpty()) {
            return Target.notMeasured("T3", goal, "the idle profile or the overhead probe did not run");
        }
        double a = adaptive.get().makespan().median();
        double n = none.get().makespan().median();
        double ms = overhead.get().overheadMillisPerPartition();
        return Target.of(
                "T3",
                goal,
                String.format(
                        Locale.ROOT,
                        "adaptive %.1f s vs none %.1f s: %.2f×; overhead (adaptive, %d tiny partitions) %.1f ms per"
                                + " partition",
                        a,
                        n,
                        a / n,
                        overhead.get().partitions(),
                        ms),
                a <= IDLE_SLACK * n && ms <= OVERHEAD_MILLIS);
    }

    private static Target reaction(RunInfo info) {
        String goal = "reaction: after a foreground spike the backfill's running statement-seconds per second halve"
                + " within " + REACTION.toSeconds() + " s (p95), sampler at its default period";
        if (info.reaction == null) {
            return Target.notMeasured("T4", goal, "the reaction probe did not run");
        }
        int trials = info.reaction.reactions().size() + info.reaction.missed();
        if (info.reaction.reactions().isEmpty()) {
            return Target.of("T4", goal, "no trial halved within 20 s (" + trials + " trials)", false);
        }
        // A trial that never halved counts as slower than any that did.
        List<Duration> all = new ArrayList<>(info.reaction.reactions());
        for (int i = 0; i < info.reaction.missed(); i++) {
            all.add(Duration.ofDays(1));
        }
        Duration p95 = Percentiles.of(all, 95);
        String p95Text = p95.equals(Duration.ofDays(1)) ? "a missed trial" : p95.toMillis() + " ms";
        return Target.of(
                "T4",
                goal,
                String.format(
                        Locale.ROOT,
                        "p95 %s, p50 %d ms over %d trials (%d not halved within 20 s)",
                        p95Text,
                        Percentiles.of(all, 50).toMillis(),
                        trials,
                        info.reaction.missed()),
                p95.compareTo(REACTION) <= 0);
    }

    /** Dispatch of adaptive's phases where capacity is free: the idle profile and the overhead probe. */
    static List<Duration> freeCapacityDispatch(RunInfo info, SweepAnalysis analysis, String strategy) {
        List<Duration> all = new ArrayList<>();
        analysis.outcomes().stream()
                .filter(o -> o.profile().equals("idle") && o.label().equals(strategy))
                .forEach(o -> all.addAll(o.dispatch()));
        info.overhead.stream().filter(o -> o.strategy().equals(strategy)).forEach(o -> all.addAll(o.dispatch()));
        return all;
    }

    private static Target dispatch(RunInfo info, SweepAnalysis analysis) {
        String goal = "dispatch: released → started p99 ≤ " + DISPATCH_P99.toMillis()
                + " ms while capacity is free (adaptive, idle warehouse)";
        List<Duration> all = freeCapacityDispatch(info, analysis, "adaptive");
        if (all.isEmpty()) {
            return Target.notMeasured("T5", goal, "no adaptive phases on the idle warehouse");
        }
        Duration p99 = Percentiles.of(all, 99);
        return Target.of(
                "T5",
                goal,
                String.format(
                        Locale.ROOT,
                        "p99 %d ms, p50 %d ms over %d phase attempts",
                        p99.toMillis(),
                        Percentiles.of(all, 50).toMillis(),
                        all.size()),
                p99.compareTo(DISPATCH_P99) <= 0);
    }

    private static Target planning(RunInfo info) {
        String goal = "scale: submit → planned status readable for a " + info.options.plannerPartitions()
                + "-partition backfill through the real planner ≤ " + PLANNING.toSeconds() + " s";
        if (info.planning == null) {
            return Target.notMeasured("T6", goal, "the planning probe did not run");
        }
        if (info.planning.time().isEmpty()) {
            return Target.of("T6", goal, "never readable: " + info.planning.state(), false);
        }
        Duration t = info.planning.time().get();
        return Target.of(
                "T6",
                goal,
                String.format(
                        Locale.ROOT,
                        "%d ms (status %s, %d bytes)",
                        t.toMillis(),
                        info.planning.state(),
                        info.planning.statusBytes()),
                t.compareTo(PLANNING) <= 0);
    }
}
