package io.backfill.planner.api;

import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.planner.status.StatusView;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The paged reads of the REST API: a backfill's phases a page at a time, and one phase's partitions a
 * page at a time. Pages are bounded ({@link #MAX_PAGE}), so no answer grows with the size of a
 * backfill; a client follows {@code next} until it is null.
 */
final class StatusPaging {

    static final int DEFAULT_PHASES = 100;
    static final int MAX_PAGE = 1_000;

    private StatusPaging() {}

    static Response detail(
            StatusView view, BackfillStatus status, int offset, int limit, java.util.Optional<String> throttle) {
        Response bad = badPage(offset, limit);
        if (bad != null) {
            return bad;
        }
        List<PhaseStatus> page = view.phases(status.getBackfillId(), offset, limit);
        return Response.ok(StatusJson.of(status, offset, page, next(offset, limit, status.getPhaseCount()))
                        .withThrottleReason(throttle))
                .build();
    }

    static Response phases(StatusView view, String backfillId, int offset, int limit, String state) {
        Response bad = badPage(offset, limit);
        if (bad != null) {
            return bad;
        }
        BackfillStatus status = view.get(backfillId).orElse(null);
        if (status == null) {
            return notFound("no backfill " + backfillId);
        }
        boolean filtered = state != null && !state.isBlank();
        List<PhaseStatus> page = filtered
                ? view.phasesInState(backfillId, state, offset, limit)
                : view.phases(backfillId, offset, limit);
        Integer next =
                filtered ? (page.size() == limit ? offset + limit : null) : next(offset, limit, status.getPhaseCount());
        return Response.ok(new StatusJson.PhasePage(
                        backfillId,
                        status.getPhaseCount(),
                        filtered ? state : null,
                        offset,
                        next,
                        page.stream().map(StatusJson::phase).toList()))
                .build();
    }

    static Response partitions(StatusView view, String backfillId, int sequence, int offset, int limit) {
        Response bad = badPage(offset, limit);
        if (bad != null) {
            return bad;
        }
        if (view.get(backfillId).isEmpty()) {
            return notFound("no backfill " + backfillId);
        }
        PhaseStatus phase =
                sequence < 0 ? null : view.phase(backfillId, sequence).orElse(null);
        if (phase == null) {
            return notFound("backfill " + backfillId + " has no phase " + sequence);
        }
        int count = phase.getPartitions().size();
        int from = Math.min(offset, count);
        int to = (int) Math.min((long) from + limit, count);
        return Response.ok(new StatusJson.PartitionPage(
                        backfillId,
                        phase.getPhaseId(),
                        sequence,
                        phase.getPartitionCount(),
                        offset,
                        to < count ? to : null,
                        phase.getPartitions().subList(from, to).stream()
                                .map(StatusJson::partition)
                                .toList()))
                .build();
    }

    private static Integer next(int offset, int limit, int count) {
        long next = (long) offset + limit;
        return next < count ? (int) next : null;
    }

    private static Response badPage(int offset, int limit) {
        if (offset < 0) {
            return badRequest("offset: must not be negative, was " + offset);
        }
        if (limit < 1 || limit > MAX_PAGE) {
            return badRequest("limit: must be 1 to " + MAX_PAGE + ", was " + limit);
        }
        return null;
    }

    private static Response badRequest(String problem) {
        return Response.status(400).entity(Map.of("problems", List.of(problem))).build();
    }

    private static Response notFound(String problem) {
        return Response.status(404).entity(Map.of("problems", List.of(problem))).build();
    }
}
