package io.backfill.planner.domain.overlap;

import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a new backfill may run now or must wait, so no partition is ever written by two
 * backfills at once (DESIGN core rule 1).
 *
 * <p>Choice: a backfill whose range overlaps a live or queued backfill on the same table is
 * QUEUED behind every such earlier backfill, not rejected. Rejecting would push the retry loop onto
 * users, and "fix, then re-run the fix" is exactly the sequence that overlaps; queueing keeps their
 * order. Claims are kept in arrival order and a queued backfill also waits for earlier
 * <em>queued</em> ones it overlaps, so overlapping backfills run in arrival order. Disjoint ranges,
 * or different tables, never wait for each other. Overlap is by instant, so ranges of different
 * grains or zones compare correctly.
 */
public final class ClaimRegistry {

    private record Claim(String backfillId, Instant start, Instant end) {
        boolean overlaps(Claim other) {
            return start.isBefore(other.end) && other.start.isBefore(end);
        }
    }

    private final Map<TableRef, List<Claim>> claimsByTable = new HashMap<>();
    private final Map<String, TableRef> tableOf = new HashMap<>();

    /**
     * Registers the claim of {@code backfillId} and returns the earlier backfills it waits for, in
     * arrival order; empty means it may run now. Claiming again with the same id returns the same
     * answer (redelivered request).
     */
    public Set<String> claim(String backfillId, TableRef table, PartitionRange range) {
        Objects.requireNonNull(backfillId, "backfillId");
        Claim claim = new Claim(
                backfillId, range.start().toInstant(), range.endExclusive().toInstant());
        List<Claim> claims = claimsByTable.computeIfAbsent(table, t -> new ArrayList<>());
        Set<String> blockers = new LinkedHashSet<>();
        for (Claim earlier : claims) {
            if (earlier.backfillId().equals(backfillId)) {
                return blockersOf(backfillId);
            }
            if (earlier.overlaps(claim)) {
                blockers.add(earlier.backfillId());
            }
        }
        claims.add(claim);
        tableOf.put(backfillId, table);
        return blockers;
    }

    /** The earlier claims {@code backfillId} still waits for; empty when it may run. */
    public Set<String> blockersOf(String backfillId) {
        TableRef table = tableOf.get(backfillId);
        if (table == null) {
            return Set.of();
        }
        Set<String> blockers = new LinkedHashSet<>();
        for (Claim claim : claimsByTable.get(table)) {
            if (claim.backfillId().equals(backfillId)) {
                return blockers;
            }
            if (claim.overlaps(find(table, backfillId))) {
                blockers.add(claim.backfillId());
            }
        }
        return blockers;
    }

    /**
     * Drops the claim of a backfill that reached a terminal state and returns the backfills that
     * were waiting and may run now, in arrival order.
     */
    public List<String> release(String backfillId) {
        TableRef table = tableOf.remove(backfillId);
        if (table == null) {
            return List.of();
        }
        List<Claim> claims = claimsByTable.get(table);
        List<String> waiting = claims.stream()
                .map(Claim::backfillId)
                .filter(id -> !id.equals(backfillId) && !blockersOf(id).isEmpty())
                .toList();
        claims.removeIf(c -> c.backfillId().equals(backfillId));
        return waiting.stream().filter(id -> blockersOf(id).isEmpty()).toList();
    }

    private Claim find(TableRef table, String backfillId) {
        return claimsByTable.get(table).stream()
                .filter(c -> c.backfillId().equals(backfillId))
                .findFirst()
                .orElseThrow();
    }
}
