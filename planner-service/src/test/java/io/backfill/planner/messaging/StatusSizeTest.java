package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.CheckResult;
import io.backfill.events.CheckStatus;
import io.backfill.events.CheckType;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.PhaseStatus;
import io.backfill.events.Requester;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.FailurePolicy;
import io.backfill.planner.domain.RolloutMode;
import io.backfill.planner.domain.lifecycle.BackfillEvent;
import io.backfill.planner.domain.lifecycle.BackfillRun;
import io.backfill.planner.domain.planning.Planner;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.window.WindowPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * No status record grows with the partition count: a backfill of 1,000,000 hourly partitions, in
 * phases of the largest size allowed, with every phase and partition state present and every free-text
 * field at its worst (the longest text, of three-byte characters, in every line that is kept), encodes
 * to a summary and phase records that each stay within {@link StatusLimits#RECORD_BOUND_BYTES}.
 */
class StatusSizeTest {

    private static final int PARTITIONS = 1_000_000;
    private static final int PHASE_SIZE = SplitPolicy.MAX_PARTITIONS_PER_PHASE;
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    /** A three-byte UTF-8 character: the most bytes a clipped character costs. */
    private static final String WIDE = "€";

    private int eventSeq;

    @Test
    void summaryAndEveryPhaseRecordStayWithinTheBoundForAMillionPartitionsInTheWorstStateMix() {
        BackfillSpec spec = spec();
        BackfillRun run = BackfillRun.requested(spec);
        List<PhasePlan> plans = new PhaseSplitter(new SplitPolicy(Duration.ofDays(365), PHASE_SIZE, PHASE_SIZE))
                .split(spec.backfillId(), spec.range(), CostModel.uniform(1));
        assertThat(run.plan(plans).isApplied()).isTrue();
        StatusBook book = new StatusBook();

        // phase 0 published, every other partition of it rolled back; phase 1 staged and waiting for the
        // gate; phase 2 running with every other partition staged; phase 3 rejected by the gate with
        // the most failed checks kept; phase 4 failed in the executor; the rest planned.
        publish(run, book, plans.get(0));
        for (int i = 0; i < PHASE_SIZE; i += 2) {
            run.apply(new BackfillEvent.PartitionRolledBack(
                    id(),
                    T0,
                    plans.get(0).phaseId(),
                    plans.get(0).partitions().get(i).key()));
        }
        stage(run, book, plans.get(1), 1);
        run.apply(new BackfillEvent.PhaseStaged(id(), T0, plans.get(1).phaseId()));
        stage(run, book, plans.get(2), 2);
        stage(run, book, plans.get(3), 1);
        run.apply(new BackfillEvent.PhaseStaged(id(), T0, plans.get(3).phaseId()));
        book.gate(failingGate(plans.get(3)));
        run.apply(new BackfillEvent.GateDecided(
                id(), T0, plans.get(3).phaseId(), BackfillEvent.Verdict.REJECT, wide(5_000)));
        stage(run, book, plans.get(4), 3);
        run.apply(new BackfillEvent.PhaseFailed(id(), T0, plans.get(4).phaseId(), wide(5_000)));
        for (int i = 0; i < 40; i++) {
            book.alert(spec.backfillId(), wide(10_000));
        }

        BackfillStatus summary = book.status(run, request(spec), planner(), T0);
        List<PhaseStatus> phases = book.phases(run);

        int summaryBytes = encodedSize(summary);
        int largestPhase = 0;
        long allPhases = 0;
        for (PhaseStatus phase : phases) {
            int size = encodedSize(new BackfillPhaseStatus(spec.backfillId(), phase, T0));
            largestPhase = Math.max(largestPhase, size);
            allPhases += size;
        }
        System.out.printf(
                Locale.ROOT,
                "status of %,d partitions in %,d phases: summary %,d bytes, largest phase record %,d bytes,"
                        + " all phase records %,d bytes (bound %,d each)%n",
                summary.getPartitionsTotal(),
                phases.size(),
                summaryBytes,
                largestPhase,
                allPhases,
                StatusLimits.RECORD_BOUND_BYTES);
        assertThat(summary.getPartitionsTotal()).isEqualTo(PARTITIONS);
        assertThat(summary.getPhaseCount()).isEqualTo(PARTITIONS / PHASE_SIZE);
        System.out.println(
                "phase states " + summary.getPhaseStates() + ", partition states " + summary.getPartitionStates());
        assertThat(summary.getPhaseStates()).containsKeys("PUBLISHED", "STAGED", "RUNNING", "DISCARDING", "PLANNED");
        assertThat(summary.getPartitionStates())
                .containsKeys("PUBLISHED", "ROLLED_BACK", "STAGED", "PLANNED", "REJECTED");
        assertThat(summary.getPartitionStates().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(PARTITIONS);
        assertThat(phases.get(3).getFailedChecks()).hasSize(StatusLimits.FAILED_CHECKS_KEPT + 1);
        assertThat(summaryBytes).isLessThanOrEqualTo(StatusLimits.RECORD_BOUND_BYTES);
        assertThat(largestPhase).isLessThanOrEqualTo(StatusLimits.RECORD_BOUND_BYTES);
    }

    @Test
    void summaryOfARejectedRequestWithTheMostProblemsStaysWithinTheBound() {
        BackfillSpec spec = spec();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            problems.add("field" + i + ": " + wide(3_000));
        }

        BackfillStatus rejected = StatusBook.rejected(request(spec), problems, T0);

        assertThat(rejected.getProblems())
                .hasSize(StatusLimits.PROBLEMS_KEPT + 1)
                .last()
                .asString()
                .contains("9900 more");
        assertThat(encodedSize(rejected)).isLessThanOrEqualTo(StatusLimits.RECORD_BOUND_BYTES);
    }

    private void publish(BackfillRun run, StatusBook book, PhasePlan plan) {
        stage(run, book, plan, 1);
        run.apply(new BackfillEvent.PhaseStaged(id(), T0, plan.phaseId()));
        run.apply(new BackfillEvent.GateDecided(id(), T0, plan.phaseId(), BackfillEvent.Verdict.COMMIT, "ok"));
        run.apply(new BackfillEvent.PhasePublished(id(), T0, plan.phaseId()));
    }

    /** Releases {@code plan} and stages every {@code step}-th partition, each with the largest figures. */
    private void stage(BackfillRun run, StatusBook book, PhasePlan plan, int step) {
        assertThat(run.restoreRelease(plan.phaseId(), T0).isApplied()).isTrue();
        run.apply(new BackfillEvent.PhaseStarted(id(), T0, plan.phaseId()));
        for (int i = 0; i < plan.size(); i += step) {
            String key = plan.partitions().get(i).key();
            run.apply(new BackfillEvent.PartitionStaged(id(), T0, plan.phaseId(), key, 1e9, Double.MAX_VALUE));
            book.progress(PhaseProgress.newBuilder()
                    .setEventId(id())
                    .setBackfillId(run.id())
                    .setPhaseId(plan.phaseId())
                    .setExecutorId(wide(5_000))
                    .setType(PhaseProgressType.PARTITION_STAGED)
                    .setPartition(key)
                    .setRows(Long.MAX_VALUE)
                    .setDurationMillis(Long.MAX_VALUE)
                    .setComputeSeconds(Double.MAX_VALUE)
                    .setOccurredAt(T0)
                    .build());
        }
    }

    /** One failed check per partition: far more lines than a phase record keeps. */
    private GateDecision failingGate(PhasePlan plan) {
        List<CheckResult> checks = new ArrayList<>();
        for (var partition : plan.partitions()) {
            checks.add(CheckResult.newBuilder()
                    .setName(wide(2_000))
                    .setType(CheckType.CUSTOM_SQL)
                    .setPartition(partition.key())
                    .setStatus(CheckStatus.FAIL)
                    .setObserved(wide(2_000))
                    .setExpected(wide(2_000))
                    .build());
        }
        return GateDecision.newBuilder()
                .setEventId(id())
                .setDecisionId(id())
                .setBackfillId(plan.phaseId().substring(0, plan.phaseId().lastIndexOf("-p")))
                .setPhaseId(plan.phaseId())
                .setOutcome(GateOutcome.REJECT)
                .setChecks(checks)
                .setSummary(wide(10_000))
                .setDecidedAt(T0)
                .build();
    }

    /** The longest id a request may have, 1,000,000 hours from 1900 (past 2014). */
    private static BackfillSpec spec() {
        ZonedDateTime start = ZonedDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        PartitionRange range =
                new PartitionRange(PartitionGrain.HOUR, ZoneOffset.UTC, start, start.plusHours(PARTITIONS));
        return new BackfillSpec(
                "b".repeat(128),
                new TableRef("analytics", "hourly_revenue"),
                "hour",
                range,
                "select 1",
                50,
                Optional.of(T0.plus(Duration.ofDays(30))),
                new Budgets(8, 2.0, 36_000, 8),
                WindowPolicy.always(ZoneOffset.UTC),
                RolloutMode.PUBLISH,
                false,
                // Retries, so a rejected or failed phase does not halt the rest: more states side by side.
                FailurePolicy.retry(3, Duration.ofMinutes(1)),
                Set.of(),
                "alice");
    }

    private static BackfillRequested request(BackfillSpec spec) {
        return Events.request("default", spec.backfillId(), "analytics", "hourly_revenue", "1900-01-01", "2014-01-29")
                .setRequester(Requester.newBuilder()
                        .setUser(wide(5_000))
                        .setSource(wide(5_000))
                        .setReason(wide(50_000))
                        .build())
                .build();
    }

    private static Planner planner() {
        return new Planner(
                Clock.fixed(T0, ZoneOffset.UTC),
                new Planner.Settings(8, Duration.ofMinutes(10), Duration.ofMinutes(30)));
    }

    private static String wide(int chars) {
        return WIDE.repeat(chars);
    }

    private String id() {
        return "e" + eventSeq++;
    }

    /** Bytes on the wire: the Avro binary body plus the Confluent header (magic byte, 4-byte schema id). */
    private static int encodedSize(SpecificRecord record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            @SuppressWarnings("unchecked")
            SpecificDatumWriter<SpecificRecord> writer =
                    new SpecificDatumWriter<>((Class<SpecificRecord>) record.getClass());
            writer.write(record, encoder);
            encoder.flush();
            return 5 + out.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
