package io.backfill.planner.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.BackfillRequested;
import io.backfill.events.BackfillStatus;
import io.backfill.events.Budget;
import io.backfill.events.GateDecision;
import io.backfill.events.GateOutcome;
import io.backfill.events.PartitionGrain;
import io.backfill.events.PartitionRange;
import io.backfill.events.PhaseCommand;
import io.backfill.events.PhaseCommandType;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.PhaseStatus;
import io.backfill.events.RolloutMode;
import io.backfill.events.topics.Topics;
import io.backfill.planner.status.StatusView;
import io.backfill.planner.warehouse.RequestIntake;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Size is a non-event, end to end through the real planner on a real broker, registry and PostgreSQL
 * warehouse: a DRY_RUN of 100,000 hourly partitions is planned and its status readable through the
 * status view a page at a time; a PUBLISH of 20,000 hourly partitions of a trivial table runs to
 * COMPLETED (this test plays the executors and the validator, answering every phase at once) while a
 * small control backfill submitted after both completes too. Figures (planning time, record sizes,
 * heap) are printed, never asserted: the bounds that are asserted are the record sizes.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PlannerScaleIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    static final String WAREHOUSE = "it-scale";
    static final int DRY_RUN_PARTITIONS = 100_000;
    /** Issue 13's figure; {@code -Dplanner.scale.publish-partitions} changes it. */
    static final int PUBLISH_PARTITIONS = Integer.getInteger("planner.scale.publish-partitions", 20_000);
    /** The planner's defaults: 15-minute phases of at most 100 partitions. */
    static final RequestIntake.Settings DEFAULTS =
            new RequestIntake.Settings(Duration.ofMinutes(15), 1, 100, 50_000, 10_000);

    static PlannerRig rig;
    static PlannerNode planner;
    static StatusView view;
    static long heapBefore;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        rig = PlannerRig.start(
                broker,
                registry,
                POSTGRES,
                "planner-scale-it",
                "CREATE TABLE hourly (event_hour timestamp NOT NULL, events bigint)",
                "CREATE TABLE control (sale_date date NOT NULL, amount numeric)");
        heapBefore = usedHeap();
        planner = rig.node(WAREHOUSE, "planner-scale-" + UUID.randomUUID(), DEFAULTS, new SimpleMeterRegistry());
        planner.start();
        view = new StatusView(
                rig.kafka,
                "planner-scale-view-" + UUID.randomUUID(),
                Files.createTempDirectory("planner-scale-view"),
                Duration.ofMillis(100));
        view.start();
    }

    @AfterAll
    static void stop() {
        if (view != null) {
            view.close();
        }
        if (planner != null) {
            planner.close();
        }
        rig.close();
    }

    @Test
    void plansAHundredThousandPartitionsAndPublishesTwentyThousandWhileOthersKeepMoving() throws Exception {
        // when: a DRY_RUN of 100,000 hours
        String dryRun = "scale-dry-" + UUID.randomUUID().toString().substring(0, 8);
        long submitted = System.nanoTime();
        rig.events.send(hourly(dryRun, DRY_RUN_PARTITIONS, RolloutMode.DRY_RUN));

        // then: the planned status is readable, and every phase through the view's pages
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> readable(dryRun));
        long plannedMillis = (System.nanoTime() - submitted) / 1_000_000;
        BackfillStatus planned = view.get(dryRun).orElseThrow();
        assertThat(planned.getState().name()).isEqualTo("COMPLETED");
        assertThat(planned.getPartitionsTotal()).isEqualTo(DRY_RUN_PARTITIONS);
        int pagedPartitions = 0;
        int pages = 0;
        for (int offset = 0; offset < planned.getPhaseCount(); offset += 1_000) {
            List<PhaseStatus> page = view.phases(dryRun, offset, 1_000);
            assertThat(page).isNotEmpty();
            assertThat(page.getFirst().getSequence()).isEqualTo(offset);
            pagedPartitions +=
                    page.stream().mapToInt(p -> p.getPartitions().size()).sum();
            pages++;
        }
        assertThat(pagedPartitions).isEqualTo(DRY_RUN_PARTITIONS);
        long heapAfterPlan = usedHeap();

        // when: a PUBLISH of 20,000 hours, then a small control backfill on another table
        String publish = "scale-pub-" + UUID.randomUUID().toString().substring(0, 8);
        rig.events.send(hourly(publish, PUBLISH_PARTITIONS, RolloutMode.PUBLISH));
        String control = "scale-ctl-" + UUID.randomUUID().toString().substring(0, 8);
        rig.events.send(Events.request(WAREHOUSE, control, POSTGRES.schemaName(), "control", "2026-03-01", "2026-03-05")
                .build());
        long publishStarted = System.nanoTime();
        long peakHeap;
        try (Executors executors = new Executors(Set.of(publish, control))) {
            // then: the control backfill is not held up behind the big one
            rig.awaitState(control, Duration.ofMinutes(2), "COMPLETED");
            long controlMillis = (System.nanoTime() - publishStarted) / 1_000_000;
            BackfillStatus bigWhenControlDone = rig.out.status(publish).orElseThrow();
            rig.awaitState(publish, Duration.ofMinutes(10), "COMPLETED");
            peakHeap = executors.peakHeap;
            System.out.printf(
                    Locale.ROOT,
                    "control backfill COMPLETED %,d ms after submission, while the 20,000-partition one had %,d"
                            + " published%n",
                    controlMillis,
                    bigWhenControlDone.getPartitionsPublished());
        }
        long publishMillis = (System.nanoTime() - publishStarted) / 1_000_000;
        BackfillStatus done = rig.out.status(publish).orElseThrow();
        assertThat(done.getPartitionsPublished()).isEqualTo(PUBLISH_PARTITIONS);
        assertThat(done.getPartitionStates()).containsEntry("PUBLISHED", PUBLISH_PARTITIONS);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> view.get(publish)
                        .map(s -> s.getState().name().equals("COMPLETED"))
                        .orElse(false));
        assertThat(view.phasesInState(publish, "PUBLISHED", 0, 1_000)).hasSize(done.getPhaseCount());

        // and no record either wrote grew past the bound
        long summaryBytes = Math.max(encoded(planned), encoded(done));
        long largestPhase = 0;
        for (PhaseStatus phase : view.phases(dryRun, 0, 1_000)) {
            largestPhase = Math.max(largestPhase, phase.toByteBuffer().remaining());
        }
        for (PhaseStatus phase : view.phases(publish, 0, 1_000)) {
            largestPhase = Math.max(largestPhase, phase.toByteBuffer().remaining());
        }
        assertThat(summaryBytes).isLessThanOrEqualTo(StatusLimits.RECORD_BOUND_BYTES);
        assertThat(largestPhase).isLessThanOrEqualTo(StatusLimits.RECORD_BOUND_BYTES);
        System.out.printf(
                Locale.ROOT,
                "DRY_RUN of %,d hourly partitions: %,d phases, planned status readable %,d ms after submission,"
                        + " every phase paged through the view in %d pages%n"
                        + "PUBLISH of %,d hourly partitions: %,d phases COMPLETED in %,d ms%n"
                        + "largest summary %,d bytes, largest phase record %,d bytes (bound %,d)%n"
                        + "heap used after GC: %,d MB before the planner, %,d MB with the 100,000-partition plan,"
                        + " peak %,d MB while publishing (the test JVM: broker, registry clients, view and planner)%n",
                DRY_RUN_PARTITIONS,
                planned.getPhaseCount(),
                plannedMillis,
                pages,
                PUBLISH_PARTITIONS,
                done.getPhaseCount(),
                publishMillis,
                summaryBytes,
                largestPhase,
                StatusLimits.RECORD_BOUND_BYTES,
                heapBefore >> 20,
                heapAfterPlan >> 20,
                peakHeap >> 20);
    }

    /** The summary says every partition is planned and the view holds every phase record. */
    private static boolean readable(String id) {
        try {
            BackfillStatus status = view.get(id).orElse(null);
            if (status == null || status.getPartitionsTotal() != DRY_RUN_PARTITIONS) {
                return false;
            }
            int records = 0;
            for (int offset = 0; offset < status.getPhaseCount(); offset += 1_000) {
                records += view.phases(id, offset, 1_000).size();
            }
            return records == status.getPhaseCount();
        } catch (RuntimeException notReadyYet) {
            return false;
        }
    }

    private static BackfillRequested hourly(String id, int hours, RolloutMode mode) {
        LocalDateTime start = LocalDateTime.of(2015, 1, 1, 0, 0);
        return Events.request(WAREHOUSE, id, POSTGRES.schemaName(), "hourly", "2015-01-01", "2015-01-02")
                .setPartitionColumn("event_hour")
                .setRange(PartitionRange.newBuilder()
                        .setGrain(PartitionGrain.HOUR)
                        .setStart(start.toString())
                        .setEnd(start.plusHours(hours).toString())
                        .setTimeZone("UTC")
                        .build())
                .setBudget(Budget.newBuilder()
                        .setMaxConcurrentStatements(2)
                        .setMaxPhasesInFlight(8)
                        .build())
                .setRolloutMode(mode)
                .build();
    }

    private static long encoded(BackfillStatus status) {
        try {
            return status.toByteBuffer().remaining();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Plays the executors and the validator for the given backfills: every released phase is staged at
     * once (each partition reported), committed by the gate, and published when the planner says so.
     * Reports are sent asynchronously, a phase at a time, as a fast executor would.
     */
    private static final class Executors implements AutoCloseable {

        private final Set<String> backfills;
        private final Set<String> handled = new HashSet<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;
        volatile long peakHeap;

        Executors(Set<String> backfills) {
            this.backfills = backfills;
            this.thread = Thread.ofPlatform().name("scale-executors").start(this::loop);
        }

        private void loop() {
            int rounds = 0;
            while (running.get()) {
                boolean worked = false;
                for (String id : backfills) {
                    for (PhasePlanned phase : rig.out.planned(id)) {
                        if (handled.add("planned " + phase.getPhaseId() + "#" + phase.getAttempt())) {
                            stage(phase);
                            worked = true;
                        }
                    }
                    for (PhaseCommand command : rig.out.commands(id)) {
                        if (command.getType() == PhaseCommandType.PUBLISH
                                && handled.add("publish " + command.getPhaseId() + "#" + command.getAttempt())) {
                            report(id, command.getPhaseId(), command.getAttempt(), PhaseProgressType.PUBLISHED, null)
                                    .join();
                            worked = true;
                        }
                    }
                }
                if (++rounds % 50 == 0) {
                    peakHeap = Math.max(
                            peakHeap,
                            ManagementFactory.getMemoryMXBean()
                                    .getHeapMemoryUsage()
                                    .getUsed());
                }
                if (!worked) {
                    sleep();
                }
            }
        }

        private void stage(PhasePlanned phase) {
            String id = phase.getBackfillId();
            List<CompletableFuture<?>> sent = new ArrayList<>();
            sent.add(report(id, phase.getPhaseId(), phase.getAttempt(), PhaseProgressType.STARTED, null));
            for (String partition : phase.getPartitions()) {
                sent.add(report(
                        id, phase.getPhaseId(), phase.getAttempt(), PhaseProgressType.PARTITION_STAGED, partition));
            }
            sent.add(report(id, phase.getPhaseId(), phase.getAttempt(), PhaseProgressType.STAGED, null));
            sent.forEach(CompletableFuture::join);
            rig.publisher.publishAndWait(
                    Topics.GATE_DECISIONS,
                    id,
                    GateDecision.newBuilder()
                            .setEventId(UUID.randomUUID().toString())
                            .setDecisionId(phase.getPhaseId() + "#" + phase.getAttempt())
                            .setBackfillId(id)
                            .setPhaseId(phase.getPhaseId())
                            .setAttempt(phase.getAttempt())
                            .setOutcome(GateOutcome.COMMIT)
                            .setSummary("all checks passed")
                            .setDecidedAt(Instant.now())
                            .build());
        }

        private CompletableFuture<?> report(
                String id, String phaseId, int attempt, PhaseProgressType type, String partition) {
            return rig.publisher.publish(
                    Topics.PHASE_PROGRESS,
                    id,
                    PhaseProgress.newBuilder()
                            .setEventId(UUID.randomUUID().toString())
                            .setBackfillId(id)
                            .setPhaseId(phaseId)
                            .setAttempt(attempt)
                            .setExecutorId("scale-executor")
                            .setType(type)
                            .setPartition(partition)
                            .setRows(partition == null ? null : 1L)
                            .setDurationMillis(partition == null ? null : 1L)
                            .setComputeSeconds(partition == null ? null : 0.001)
                            .setOccurredAt(Instant.now())
                            .build());
        }

        private static void sleep() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
