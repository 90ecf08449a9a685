package io.backfill.events.topics;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.BackfillAlert;
import io.backfill.events.BackfillCommand;
import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.GateDecision;
import io.backfill.events.LoadSample;
import io.backfill.events.PhaseInstruction;
import io.backfill.events.PhaseProgress;
import java.util.List;

/**
 * Every topic of the coordinator, one typed constant each, with exactly one writer (DESIGN.md,
 * "Topics"). Services and tests import these instead of spelling names.
 */
public final class Topics {

    /** Names of the headers a dead-letter record carries next to the original key and value bytes. */
    public static final String DLQ_REASON_HEADER = "backfill.dlq.reason";

    public static final String DLQ_SOURCE_TOPIC_HEADER = "backfill.dlq.source-topic";
    public static final String DLQ_SOURCE_PARTITION_HEADER = "backfill.dlq.source-partition";
    public static final String DLQ_SOURCE_OFFSET_HEADER = "backfill.dlq.source-offset";
    public static final String DLQ_CONSUMER_HEADER = "backfill.dlq.consumer";

    public static final Topic<BackfillRequested> BACKFILL_REQUESTS =
            new Topic<>("backfill-requests", BackfillRequested.class, "backfillId", "users", 6, false);

    public static final Topic<BackfillCommand> BACKFILL_COMMANDS =
            new Topic<>("backfill-commands", BackfillCommand.class, "backfillId", "users", 6, false);

    /**
     * Keyed by phaseId so phases spread across executor instances; enough partitions for the largest
     * expected executor group (an instance beyond the partition count would sit idle).
     */
    public static final Topic<PhaseInstruction> BACKFILL_PHASES =
            new Topic<>("backfill-phases", PhaseInstruction.class, "phaseId", "planner-service", 12, false);

    public static final Topic<PhaseProgress> PHASE_PROGRESS =
            new Topic<>("phase-progress", PhaseProgress.class, "backfillId", "executor-service", 6, false);

    public static final Topic<GateDecision> GATE_DECISIONS =
            new Topic<>("gate-decisions", GateDecision.class, "backfillId", "validator-service", 6, false);

    /** Compacted: a new executor needs only the latest sample per warehouse. */
    public static final Topic<LoadSample> WAREHOUSE_LOAD =
            new Topic<>("warehouse-load", LoadSample.class, "warehouseId", "load sampler", 1, true);

    /**
     * Compacted: operators' runtime admission settings and manual throttles (with their time-to-live), keyed
     * {@link AdmissionControlKey} so compaction keeps the latest settings, the latest warehouse throttle and the
     * latest throttle of each backfill apart. One partition: readers see every change in the order it was made.
     */
    public static final Topic<AdmissionControlChanged> ADMISSION_CONTROL = new Topic<>(
            "admission-control",
            AdmissionControlChanged.class,
            "warehouseId/settings | warehouseId/throttle[/backfillId]",
            "planner-service",
            1,
            true);

    /** Compacted: the current state of every backfill. */
    public static final Topic<BackfillStatus> BACKFILL_STATUS =
            new Topic<>("backfill-status", BackfillStatus.class, "backfillId", "planner-service", 6, true);

    /**
     * Compacted: the current state of every phase of every backfill, with its partitions, keyed
     * {@link PhaseStatusKey backfillId/sequence} so a backfill's phases sort in order and the summary on
     * {@link #BACKFILL_STATUS} stays bounded however many partitions a backfill has.
     */
    public static final Topic<BackfillPhaseStatus> BACKFILL_PHASE_STATUS = new Topic<>(
            "backfill-phase-status", BackfillPhaseStatus.class, "backfillId/sequence", "planner-service", 6, true);

    public static final Topic<BackfillAlert> BACKFILL_ALERTS =
            new Topic<>("backfill-alerts", BackfillAlert.class, "backfillId", "planner-service", 6, false);

    /** All topics, in the order of the flow. */
    public static final List<Topic<?>> ALL = List.of(
            BACKFILL_REQUESTS,
            BACKFILL_COMMANDS,
            BACKFILL_PHASES,
            PHASE_PROGRESS,
            GATE_DECISIONS,
            WAREHOUSE_LOAD,
            ADMISSION_CONTROL,
            BACKFILL_STATUS,
            BACKFILL_PHASE_STATUS,
            BACKFILL_ALERTS);

    private Topics() {}
}
