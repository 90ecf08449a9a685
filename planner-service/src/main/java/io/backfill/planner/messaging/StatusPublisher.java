package io.backfill.planner.messaging;

import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.events.topics.Topics;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.projection.LoadReading;
import io.backfill.planner.metrics.PlannerMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a backfill's status: every phase record that changed to {@code backfill-phase-status}
 * (compacted, key backfillId/sequence; see {@link PhaseRecords}), then the bounded summary to
 * {@code backfill-status} (compacted, key backfillId), the records {@link StatusBook} makes of its run;
 * the one place a status is written. Phases go first, so a reader that sees a summary finds phase
 * records at least as new. It also keeps the gauges
 * current and remembers the last status written (for {@link PlannerNode#lastPublished}).
 *
 * <p>A status that can never be written (larger than the topic accepts) is {@link Publishing.Unpublishable}
 * to the caller, which gives the backfill up; the status of a backfill given up on is written as a
 * summary without phases and partitions, so its FAILED state and reason always fit.
 */
final class StatusPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);
    /** Alert lines kept in a summary status. */
    private static final int SUMMARY_ALERTS = 3;

    private final PlannerState state;
    private final Publishing publishing;
    private final Clock clock;
    private final PlannerMetrics metrics;
    private final Map<String, BackfillStatus> published;
    private final Map<String, List<PhaseStatus>> publishedPhases;
    private final Supplier<Optional<LoadReading>> load;
    private final BiFunction<String, Instant, Optional<String>> throttles;

    StatusPublisher(
            PlannerState state,
            Publishing publishing,
            Clock clock,
            PlannerMetrics metrics,
            Map<String, BackfillStatus> published,
            Map<String, List<PhaseStatus>> publishedPhases,
            Supplier<Optional<LoadReading>> load,
            BiFunction<String, Instant, Optional<String>> throttles) {
        this.load = load;
        this.throttles = throttles;
        this.state = state;
        this.publishing = publishing;
        this.clock = clock;
        this.metrics = metrics;
        this.published = published;
        this.publishedPhases = publishedPhases;
    }

    /**
     * Writes the backfill's current status (a summary when {@code summaryOnly}).
     *
     * @throws Publishing.Unpublishable when the full status can never be written
     */
    void publishStatus(String backfillId, boolean summaryOnly) {
        Optional<BackfillRun> found = state.planner.run(backfillId);
        if (found.isEmpty()) {
            return;
        }
        BackfillRun run = found.get();
        Instant now = clock.instant();
        BackfillStatus status = state.book.status(run, state.requests.get(backfillId), state.planner, now);
        if (summaryOnly) {
            status = summaryOf(status);
        }
        Optional<LoadReading> reading = load.get();
        status = withLoad(status, reading);
        status = withThrottleReason(status, throttles.apply(backfillId, now), reading);
        try {
            if (!summaryOnly) {
                List<PhaseStatus> phases = state.book.phases(run);
                Publishing.Batch batch = publishing.batch();
                for (PhaseRecords.Write write : state.phaseRecords.changes(backfillId, phases, now)) {
                    if (write.value() == null) {
                        batch.tombstone(Topics.BACKFILL_PHASE_STATUS, write.key());
                    } else {
                        batch.publish(Topics.BACKFILL_PHASE_STATUS, write.key(), write.value());
                    }
                }
                batch.await();
                state.phaseRecords.written(backfillId, phases);
                publishedPhases.put(backfillId, phases);
            }
            publishing.publish(Topics.BACKFILL_STATUS, backfillId, status);
        } catch (Publishing.Unpublishable e) {
            if (!summaryOnly) {
                throw e;
            }
            LOG.error("Backfill {}: not even the summary status can be written: {}", backfillId, e.getMessage());
            return;
        }
        published.put(backfillId, status);
        updateMetrics(run);
    }

    /** The status with the warehouse's latest load picture (pressure, latency ratio, admitted budget), if any. */
    static BackfillStatus withLoad(BackfillStatus status, Optional<LoadReading> reading) {
        if (reading.isEmpty()) {
            return status;
        }
        LoadReading r = reading.get();
        // Set in place: a builder copy would deep-copy every field through Avro's SpecificData, which in a
        // Quarkus test resolves the enums with another class loader than the planner's.
        status.put("loadPressure", r.pressure());
        status.put("loadLatencyRatio", r.latencyRatio());
        status.put("loadAdmittedBudget", r.budget());
        status.put("loadSampledAt", r.at());
        return status;
    }

    /**
     * The status with what holds the backfill back: the manual throttle in force on it or its warehouse, else
     * the throttle reason of the warehouse's latest load sample, else none.
     */
    static BackfillStatus withThrottleReason(
            BackfillStatus status, Optional<String> manual, Optional<LoadReading> reading) {
        String reason =
                manual.orElseGet(() -> reading.map(LoadReading::throttleReason).orElse(null));
        status.put("throttleReason", reason);
        return status;
    }

    /** The status without its per-phase detail: bounded whatever the backfill's size. */
    static BackfillStatus summaryOf(BackfillStatus status) {
        List<String> alerts = status.getAlerts();
        return BackfillStatus.newBuilder(status)
                .setPhases(List.of())
                .setAlerts(List.copyOf(alerts.subList(Math.max(0, alerts.size() - SUMMARY_ALERTS), alerts.size())))
                .build();
    }

    void refreshMetrics() {
        state.planner.runs().forEach(this::updateMetrics);
    }

    private void updateMetrics(BackfillRun run) {
        if (metrics != null) {
            metrics.update(
                    run.id(),
                    run.phases().size(),
                    state.planner.releases(run.id()),
                    run.inFlight(),
                    state.planner.projectedLatenessSeconds(run.id()));
            metrics.updateCompute(run.id(), run.computeSpent());
        }
    }
}
