package io.backfill.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU seconds used by a process tree, read from {@code /proc/PID/stat}: user + system time of every
 * live process in the tree, plus the time of children already reaped (a PostgreSQL backend that
 * exited is counted in its postmaster's {@code cutime}/{@code cstime}). Linux only; elsewhere every
 * reading is empty and the report says so.
 */
final class ProcessCpu {

    /** Kernel clock ticks per second; 100 on every Linux this runs on (USER_HZ is fixed by the ABI). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {}

    /** CPU seconds of {@code rootPid} and its descendants, or empty when /proc cannot be read. */
    static Optional<Double> treeSeconds(long rootPid) {
        Optional<ProcessHandle> root = ProcessHandle.of(rootPid);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        long ticks = 0;
        Optional<Long> own = ticks(rootPid);
        if (own.isEmpty()) {
            return Optional.empty();
        }
        ticks += own.get();
        for (ProcessHandle child : root.get().descendants().toList()) {
            ticks += ticks(child.pid()).orElse(0L);
        }
        return Optional.of(ticks / TICKS_PER_SECOND);
    }

    /** utime + stime + cutime + cstime of one process, in ticks. */
    static Optional<Long> ticks(long pid) {
        try {
            return Optional.of(parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Fields 14–17 of a {@code /proc/PID/stat} line. The command name (field 2) may contain spaces
     * and parentheses, so fields are counted from the last closing parenthesis.
     */
    static long parseTicks(String statLine) {
        String afterName = statLine.substring(statLine.lastIndexOf(')') + 2);
        List<String> fields = List.of(afterName.trim().split("\\s+"));
        // afterName starts at field 3 (state), so field N is at index N - 3.
        long total = 0;
        for (int field = 14; field <= 17; field++) {
            total += Long.parseLong(fields.get(field - 3));
        }
        return total;
    }
}
