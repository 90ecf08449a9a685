package io.backfill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Self-test: child processes started under the watchdog are stopped with their whole tree. */
class ParentWatchdogIT {

    @Test
    void stopsTheWrappedChildAndTheWatchdog() throws Exception {
        Process process = new ProcessBuilder(ParentWatchdog.wrap(List.of("sleep", "300"))).start();
        List<ProcessHandle> tree = awaitChild(process);

        ParentWatchdog.stop(process);

        assertThat(process.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    private static List<ProcessHandle> awaitChild(Process process) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> children = process.descendants().toList();
            if (!children.isEmpty()) {
                return children;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the wrapped command never started");
    }
}
