package io.backfill.executor.sampler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Host CPU busy and IO-wait fractions from {@code /proc/stat}, as the change since the previous call
 * (the first call only takes a reading). Meaningful only when the sampler runs on the warehouse's own
 * host (a local PostgreSQL), which is why the sampler asks for it only when configured to. Empty where
 * {@code /proc/stat} is not readable (not Linux). {@code /proc/loadavg} was not used: a load average
 * mixes runnable and IO-blocked tasks over minutes and needs the core count to normalise; the
 * jiffy counters give both fractions directly over one sampler period.
 */
final class HostCpu {

    /** Busy and IO-wait fractions of all CPUs over one period, each in [0, 1]. */
    record Reading(double busy, double ioWait) {}

    private final Path stat;
    private long[] previous;

    HostCpu(Path stat) {
        this.stat = stat;
    }

    static HostCpu proc() {
        return new HostCpu(Path.of("/proc/stat"));
    }

    synchronized Optional<Reading> sample() {
        long[] now = read();
        if (now == null) {
            return Optional.empty();
        }
        long[] before = previous;
        previous = now;
        if (before == null) {
            return Optional.empty();
        }
        long total = 0;
        for (int i = 0; i < now.length; i++) {
            total += now[i] - before[i];
        }
        if (total <= 0) {
            return Optional.empty();
        }
        long idle = now[3] - before[3];
        long ioWait = now.length > 4 ? now[4] - before[4] : 0;
        double busy = clamp((double) (total - idle - ioWait) / total);
        return Optional.of(new Reading(busy, clamp((double) ioWait / total)));
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    /** user nice system idle iowait irq softirq steal (guest time is already inside user). */
    private long[] read() {
        try {
            List<String> lines = Files.readAllLines(stat);
            if (lines.isEmpty() || !lines.get(0).startsWith("cpu ")) {
                return null;
            }
            String[] fields = lines.get(0).trim().split("\\s+");
            int count = Math.min(fields.length - 1, 8);
            long[] values = new long[count];
            for (int i = 0; i < count; i++) {
                values[i] = Long.parseLong(fields[i + 1]);
            }
            return count >= 4 ? values : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
