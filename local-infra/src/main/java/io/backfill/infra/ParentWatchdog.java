package io.backfill.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts child processes so they die with the JVM that started them, even when that JVM is killed
 * and its shutdown hooks never run: a tiny shell loop watches the parent's pid and terminates the
 * child when the parent is gone.
 */
public final class ParentWatchdog {

    private ParentWatchdog() {}

    /** The command line that runs {@code command} under the watchdog. */
    public static List<String> wrap(List<String> command) {
        long parent = ProcessHandle.current().pid();
        String script = "\"$@\" & child=$!; "
                + "trap 'kill -TERM $child 2>/dev/null; wait $child; exit' TERM INT; "
                + "while kill -0 " + parent + " 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
                + "kill -TERM $child 2>/dev/null; wait $child";
        List<String> wrapped = new ArrayList<>(List.of("bash", "-c", script, "watchdog"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Stops a process started with {@link #wrap}: politely first, then forcibly, children included. */
    public static void stop(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : descendants) {
                child.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            descendants.forEach(ProcessHandle::destroyForcibly);
        }
    }
}
