package io.backfill.benchmark;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run collected, filled in as the run goes, read by the {@link Report}. */
final class RunInfo {

    final BenchmarkOptions options;
    final String commandLine;
    final Instant started;
    /** Cores of the machine, read before the benchmark pinned itself to some of them. */
    int cores;

    String isolation = "";
    List<String> serverSettings = List.of();
    String serverVersion = "";
    FactDataset dataset;
    FactDataset.Timings datasetTimings;
    String canary = "";
    final List<ScenarioOutcome> outcomes = new ArrayList<>();
    final List<OverheadProbe.Result> overhead = new ArrayList<>();
    ReactionProbe.Result reaction;
    int reactionWindowDays;
    PlanningProbe.Result planning;
    final Map<String, Double> totalCpu = new LinkedHashMap<>();
    Duration total = Duration.ZERO;

    RunInfo(BenchmarkOptions options, String commandLine, Instant started) {
        this.options = options;
        this.commandLine = commandLine;
        this.started = started;
    }
}
