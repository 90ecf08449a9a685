package io.backfill.benchmark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The process groups whose CPU the report shows per scenario: the warehouse (the PostgreSQL cluster's
 * process tree, when the benchmark runs its own), the benchmark JVM (planner, executors, validator,
 * load sampler and the foreground load generator: they share one JVM, as in the local stack), and the
 * broker and registry (the JVM's child processes).
 */
final class CpuGroups {

    static final String WAREHOUSE = "warehouse";
    static final String JVM = "coordinator JVM";
    static final String BROKER = "broker + registry";

    private final OptionalLong postmasterPid;

    CpuGroups(OptionalLong postmasterPid) {
        this.postmasterPid = postmasterPid;
    }

    /** CPU seconds used so far by each group that can be read (missing groups are left out). */
    Map<String, Double> seconds() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        postmasterPid.ifPresent(pid -> ProcessCpu.treeSeconds(pid).ifPresent(s -> seconds.put(WAREHOUSE, s)));
        long self = ProcessHandle.current().pid();
        ProcessCpu.ticks(self).ifPresent(t -> seconds.put(JVM, t / 100.0));
        double children = 0;
        boolean any = false;
        for (ProcessHandle child : ProcessHandle.current().children().toList()) {
            if (postmasterPid.isPresent() && child.pid() == postmasterPid.getAsLong()) {
                continue;
            }
            var s = ProcessCpu.treeSeconds(child.pid());
            if (s.isPresent()) {
                children += s.get();
                any = true;
            }
        }
        if (any) {
            seconds.put(BROKER, children);
        }
        return seconds;
    }

    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((group, value) -> {
            Double was = before.get(group);
            if (was != null) {
                delta.put(group, Math.max(0, value - was));
            }
        });
        return delta;
    }
}
