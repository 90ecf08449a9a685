package io.backfill.planner.status;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.events.topics.PhaseStatusKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Paging through one backfill's phase records in a store keyed {@link PhaseStatusKey backfillId/sequence}.
 * The keys of one backfill sort by sequence (zero-padded), so a page is one range scan from its first
 * key to its last; no other backfill's key falls inside the range, because a backfill id never contains
 * '/'. The queryable store is a composite of one store per topic partition, each iterated in turn, so
 * the range is in key order only within each: a page collects its range and sorts it.
 */
final class PhasePages {

    /** The largest sequence a key holds (eight digits). */
    static final int MAX_SEQUENCE = 99_999_999;

    private static final Comparator<PhaseStatus> BY_SEQUENCE = Comparator.comparingInt(PhaseStatus::getSequence);

    private PhasePages() {}

    static List<PhaseStatus> page(
            ReadOnlyKeyValueStore<String, BackfillPhaseStatus> store, String backfillId, int offset, int limit) {
        checkPage(offset, limit);
        List<PhaseStatus> page = new ArrayList<>(Math.min(limit, 1_000));
        if (limit == 0) {
            return page;
        }
        if (offset > MAX_SEQUENCE) {
            return page;
        }
        // Keys have eight digits: a range end past them would sort before most keys.
        long last = Math.min((long) offset + limit - 1, MAX_SEQUENCE);
        try (KeyValueIterator<String, BackfillPhaseStatus> it =
                store.range(PhaseStatusKey.of(backfillId, offset), PhaseStatusKey.of(backfillId, (int) last))) {
            while (it.hasNext()) {
                BackfillPhaseStatus value = it.next().value;
                if (value != null) {
                    page.add(value.getPhase());
                }
            }
        }
        page.sort(BY_SEQUENCE);
        return page.size() > limit ? List.copyOf(page.subList(0, limit)) : page;
    }

    static List<PhaseStatus> inState(
            ReadOnlyKeyValueStore<String, BackfillPhaseStatus> store,
            String backfillId,
            String state,
            int offset,
            int limit) {
        checkPage(offset, limit);
        List<PhaseStatus> matching = new ArrayList<>();
        try (KeyValueIterator<String, BackfillPhaseStatus> it =
                store.range(PhaseStatusKey.of(backfillId, 0), PhaseStatusKey.of(backfillId, MAX_SEQUENCE))) {
            while (it.hasNext()) {
                BackfillPhaseStatus value = it.next().value;
                if (value != null && value.getPhase().getState().equals(state)) {
                    matching.add(value.getPhase());
                }
            }
        }
        matching.sort(BY_SEQUENCE);
        int from = Math.min(offset, matching.size());
        return List.copyOf(matching.subList(from, (int) Math.min((long) from + limit, matching.size())));
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative, were " + offset + ", " + limit);
        }
    }
}
