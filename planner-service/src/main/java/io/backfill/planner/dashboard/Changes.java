package io.backfill.planner.dashboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which backfills changed between two polls of the status view. A backfill's version is the
 * {@code updatedAt} of its summary: the planner writes the summary after every event it handles, in the
 * same transaction as the phase records that event changed, so a changed phase record always comes with
 * a new version. The page re-fetches what it shows when a version moves.
 */
public final class Changes {

    /** One SSE event: {@code kind} is {@code change}, {@code removed} or {@code heartbeat}. */
    public record Change(String kind, String backfillId, String state, long version) {}

    /** What one poll saw of a backfill. */
    public record Seen(String state, long version) {}

    private Map<String, Seen> last = Map.of();

    /** The changes since the previous call (everything on the first). */
    public synchronized List<Change> diff(Map<String, Seen> now) {
        List<Change> changes = new ArrayList<>();
        now.forEach((id, seen) -> {
            Seen before = last.get(id);
            if (before == null
                    || before.version() != seen.version()
                    || !before.state().equals(seen.state())) {
                changes.add(new Change("change", id, seen.state(), seen.version()));
            }
        });
        last.keySet().stream()
                .filter(id -> !now.containsKey(id))
                .forEach(id -> changes.add(new Change("removed", id, null, 0)));
        last = new HashMap<>(now);
        return changes;
    }

    /** The latest versions, as a new subscriber's first events. */
    public synchronized List<Change> snapshot() {
        List<Change> all = new ArrayList<>();
        last.forEach((id, seen) -> all.add(new Change("change", id, seen.state(), seen.version())));
        return all;
    }
}
