package io.backfill.planner.messaging;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.events.topics.PhaseStatusKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What is on {@code backfill-phase-status} (key {@link PhaseStatusKey backfillId/sequence}), per backfill
 * and sequence, and so what the next status write must change: every phase whose record differs from
 * the one written (a phase nothing happened to is the very record built last time, see
 * {@link StatusBook#phases}, so it is skipped by identity), and a tombstone for every phase a re-split
 * dropped. One partition staged in a backfill of 100,000 partitions costs one phase record, not the
 * whole plan. Seeded from the topic while rebuilding, which also gives the recorded plan back.
 */
final class PhaseRecords {

    /** One record to write; a null value is a tombstone. */
    record Write(String key, BackfillPhaseStatus value) {}

    private final Map<String, Map<Integer, PhaseStatus>> written = new HashMap<>();

    /** Seeds what is on the topic from a record read back while rebuilding (null value: a tombstone). */
    void restore(String key, BackfillPhaseStatus value) {
        String backfillId = PhaseStatusKey.backfillId(key);
        int sequence = PhaseStatusKey.sequence(key);
        if (value == null) {
            Map<Integer, PhaseStatus> phases = written.get(backfillId);
            if (phases != null) {
                phases.remove(sequence);
            }
        } else {
            written.computeIfAbsent(backfillId, id -> new HashMap<>()).put(sequence, value.getPhase());
        }
    }

    /** The phase records on the topic for {@code backfillId}, in sequence order. */
    List<PhaseStatus> recorded(String backfillId) {
        return List.copyOf(new TreeMap<>(written.getOrDefault(backfillId, Map.of())).values());
    }

    /** The writes that make the topic show {@code phases} (every phase of the backfill, in any order). */
    List<Write> changes(String backfillId, List<PhaseStatus> phases, Instant now) {
        Map<Integer, PhaseStatus> before = written.getOrDefault(backfillId, Map.of());
        Set<Integer> sequences = new HashSet<>();
        List<Write> writes = new ArrayList<>();
        for (PhaseStatus phase : phases) {
            sequences.add(phase.getSequence());
            PhaseStatus previous = before.get(phase.getSequence());
            if (previous != phase && !phase.equals(previous)) {
                writes.add(new Write(
                        PhaseStatusKey.of(backfillId, phase.getSequence()),
                        BackfillPhaseStatus.newBuilder()
                                .setBackfillId(backfillId)
                                .setPhase(phase)
                                .setUpdatedAt(now)
                                .build()));
            }
        }
        for (Integer sequence : before.keySet()) {
            if (!sequences.contains(sequence)) {
                writes.add(new Write(PhaseStatusKey.of(backfillId, sequence), null));
            }
        }
        return writes;
    }

    /** Records that {@code phases} are now what the topic holds for {@code backfillId}. */
    void written(String backfillId, List<PhaseStatus> phases) {
        Map<Integer, PhaseStatus> now = new HashMap<>();
        phases.forEach(phase -> now.put(phase.getSequence(), phase));
        written.put(backfillId, now);
    }
}
