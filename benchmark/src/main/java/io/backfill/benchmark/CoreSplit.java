package io.backfill.benchmark;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Which cores the warehouse gets and which the rest: the upper half for the warehouse (at least one),
 * the lower half for the benchmark JVM and its children (the broker and the registry inherit the JVM's
 * affinity when they are started after it is pinned).
 */
final class CoreSplit {

    private CoreSplit() {}

    static String warehouse(int cores) {
        if (cores < 2) {
            return "0";
        }
        int first = cores / 2;
        return first == cores - 1 ? Integer.toString(first) : first + "-" + (cores - 1);
    }

    static String coordinator(int cores) {
        if (cores < 2) {
            return "0";
        }
        int last = cores / 2 - 1;
        return last == 0 ? "0" : "0-" + last;
    }

    /** Pins every thread of this JVM (and so every process it starts later) to {@code cores}. */
    static void pinThisProcess(String cores) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder(
                        "taskset",
                        "-a",
                        "-c",
                        "-p",
                        cores,
                        Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!taskset.waitFor(30, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            throw new IOException("taskset could not pin the benchmark to core(s) " + cores);
        }
    }
}
