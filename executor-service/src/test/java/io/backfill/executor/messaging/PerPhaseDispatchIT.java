package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.events.Budget;
import io.backfill.events.PhaseCommandType;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import io.backfill.executor.domain.admission.PauseReason;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.Checkpoint;
import io.backfill.warehouse.CheckpointState;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-phase dispatch through a real broker, registry and PostgreSQL: phases whose ids land on the same
 * partition of {@code backfill-phases} run at once, instructions for one phase are carried out while
 * another phase of that partition runs and while admission is paused, and a hand-over to another
 * instance loses nothing and stages nothing twice.
 */
@ExtendWith(RealInfrastructureExtension.class)
class PerPhaseDispatchIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static Fixture fixture;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        fixture = Fixture.start(broker, registry, POSTGRES);
    }

    @AfterEach
    void stopNodes() {
        fixture.closeNodes();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void twoPhasesOnOneKafkaPartitionRunAtTheSameTime() {
        // given: room for two statements, and two slow phases of one statement each on one Kafka partition
        String warehouse = Fixture.unique("wh");
        ExecutorNode node = fixture.node(
                "ex-same-partition",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(2),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-concurrent");
        String first = backfill + "-a";
        String second = Fixture.keyOnSamePartitionAs(first, backfill + "-b");
        Budget oneStatement = Budget.newBuilder().setMaxConcurrentStatements(1).build();
        PhasePlanned a =
                fixture.phase(backfill, first, warehouse, Fixture.DAYS.subList(0, 3), fixture.sql(0.6), oneStatement);
        PhasePlanned b =
                fixture.phase(backfill, second, warehouse, Fixture.DAYS.subList(3, 6), fixture.sql(0.6), oneStatement);

        // when: the second is planned right behind the first
        fixture.send(a);
        fixture.send(b);

        // then: the second stages partitions before the first has finished (one backfill: one ordered stream)
        await().atMost(Duration.ofSeconds(60)).until(() -> count(backfill, PhaseProgressType.STAGED) == 2);
        List<PhaseProgress> events = fixture.progressOf(backfill);
        int firstStaged = indexOf(events, first, PhaseProgressType.STAGED);
        int secondFirstPartition = indexOf(events, second, PhaseProgressType.PARTITION_STAGED);
        int secondStaged = indexOf(events, second, PhaseProgressType.STAGED);
        int firstFirstPartition = indexOf(events, first, PhaseProgressType.PARTITION_STAGED);
        assertThat(secondFirstPartition).isLessThan(firstStaged);
        assertThat(firstFirstPartition).isLessThan(secondStaged);
        assertThat(events)
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getPartition)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Fixture.DAYS.subList(0, 6));
        assertThat(fixture.checkpoints(first)).hasSize(3);
        assertThat(fixture.checkpoints(second)).hasSize(3);
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void publishesAndDiscardsOtherPhasesOfThePartitionAndAbortsTheWaitingOneWhileAdmissionIsPaused() {
        // given: an adaptive executor that never saw a load sample, so admission is paused
        String warehouse = Fixture.unique("wh");
        AdmissionConfig adaptive = AdmissionConfig.defaults().withStrategy(AdmissionStrategy.ADAPTIVE);
        ExecutorNode node = fixture.node(
                "ex-instructions", Fixture.unique("g"), warehouse, adaptive, Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        assertThat(node.decision().pause()).contains(PauseReason.NO_LOAD_SAMPLE);
        // and a phase of that partition waiting for admission
        String backfill = Fixture.unique("bf-instructions");
        String waitingId = backfill + "-waiting";
        PhasePlanned waiting =
                fixture.phase(backfill, waitingId, warehouse, Fixture.DAYS.subList(0, 2), fixture.sql(0));
        fixture.send(waiting);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> lastPauseReason(backfill).equals("NO_LOAD_SAMPLE"));
        // and two phases on the same Kafka partition, staged earlier (by an instance with admission)
        PhasePlanned toPublish = stagedElsewhere(
                backfill, Fixture.keyOnSamePartitionAs(waitingId, backfill + "-pub"), warehouse, "2026-03-07");
        PhasePlanned toDiscard = stagedElsewhere(
                backfill, Fixture.keyOnSamePartitionAs(waitingId, backfill + "-dis"), warehouse, "2026-03-08");

        // when: the planner publishes one and discards the other
        fixture.send(fixture.command(toPublish, PhaseCommandType.PUBLISH, List.of(), "publish-" + UUID.randomUUID()));
        fixture.send(fixture.command(toDiscard, PhaseCommandType.DISCARD, List.of(), "discard-" + UUID.randomUUID()));

        // then: both are carried out while the phase ahead of them on the partition still waits for admission
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(backfill, PhaseProgressType.PUBLISHED) == 1
                        && count(backfill, PhaseProgressType.DISCARDED) == 1);
        assertThat(node.running().get(waitingId)).isPresent();
        assertThat(count(backfill, PhaseProgressType.PARTITION_STAGED)).isZero();
        assertThat(fixture.checkpoints(toPublish.getPhaseId()))
                .extracting(Checkpoint::state)
                .containsExactly(CheckpointState.PUBLISHED);
        assertThat(fixture.checkpoints(toDiscard.getPhaseId()))
                .extracting(Checkpoint::state)
                .containsExactly(CheckpointState.DISCARDED);

        // when: the planner aborts the waiting phase
        fixture.send(fixture.command(waiting, PhaseCommandType.ABORT, List.of(), "abort-" + UUID.randomUUID()));

        // then: it stops without staging anything
        await().atMost(Duration.ofSeconds(30)).until(() -> count(backfill, PhaseProgressType.FAILED) == 1);
        List<PhaseProgress> events = fixture.progressOf(backfill);
        assertThat(events)
                .filteredOn(e -> e.getPhaseId().equals(waitingId))
                .extracting(PhaseProgress::getType)
                .containsExactly(PhaseProgressType.STARTED, PhaseProgressType.PAUSED, PhaseProgressType.FAILED);
        assertThat(events.get(events.size() - 1).getReason()).startsWith("aborted");
        assertThat(fixture.checkpoints(waitingId)).isEmpty();
        assertNothingMoreAfter(backfill, events.size());
    }

    @Test
    void aHandOverCommitsOnlyTheCompletedPrefixAndTheNextOwnerLosesNothingAndStagesNothingTwice() {
        // given: one instance running a slow phase, a quick phase done behind it on the same Kafka partition,
        // and a DISCARD of the slow phase waiting behind it (same key: it runs after it)
        String warehouse = Fixture.unique("wh");
        String group = Fixture.unique("g");
        ExecutorNode first = fixture.node(
                "ex-first", group, warehouse, Fixture.staticAdmission(1), Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(first);
        String backfill = Fixture.unique("bf-handover");
        String slowId = backfill + "-slow";
        String quickId = Fixture.keyOnSamePartitionAs(slowId, backfill + "-quick");
        PhasePlanned slow = fixture.phase(backfill, slowId, warehouse, Fixture.DAYS.subList(0, 7), fixture.sql(1.0));
        PhasePlanned quick = fixture.phase(backfill, quickId, warehouse, List.of("2026-03-08"), fixture.sql(0));
        fixture.send(slow);
        fixture.send(quick);
        fixture.send(fixture.command(slow, PhaseCommandType.DISCARD, List.of(), "discard-" + UUID.randomUUID()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stagedBy(backfill, slowId, "ex-first").size() >= 1
                        && eventsOf(backfill, quickId).stream().anyMatch(e -> e.getType() == PhaseProgressType.STAGED));

        // when: a second instance joins and the first leaves (its phase stops at a partition boundary)
        ExecutorNode second = fixture.node(
                "ex-second", group, warehouse, Fixture.staticAdmission(1), Fixture.tuning(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(60)).until(() -> !second.assignment().isEmpty());
        first.close();
        List<String> stagedByFirst = stagedBy(backfill, slowId, "ex-first");
        assertThat(stagedByFirst).hasSizeLessThan(7);

        // then: the second resumes the slow phase at its checkpoints, then runs the DISCARD that was waiting
        await().atMost(Duration.ofSeconds(60)).until(() -> count(backfill, PhaseProgressType.DISCARDED) == 1);
        List<PhaseProgress> slowEvents = eventsOf(backfill, slowId);
        assertThat(slowEvents)
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getPartition)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Fixture.DAYS.subList(0, 7));
        assertThat(stagedBy(backfill, slowId, "ex-second")).doesNotContainAnyElementsOf(stagedByFirst);
        assertThat(slowEvents)
                .filteredOn(e -> e.getType() == PhaseProgressType.STAGED)
                .extracting(PhaseProgress::getExecutorId)
                .containsExactly("ex-second");
        assertThat(slowEvents.get(slowEvents.size() - 1).getType()).isEqualTo(PhaseProgressType.DISCARDED);
        assertThat(fixture.checkpoints(slowId)).extracting(Checkpoint::state).containsOnly(CheckpointState.DISCARDED);
        // and the quick phase, done beyond the committed prefix, is seen again and found staged
        await().atMost(Duration.ofSeconds(30))
                .until(() -> eventsOf(backfill, quickId).stream()
                        .anyMatch(e -> e.getType() == PhaseProgressType.STAGED
                                && e.getExecutorId().equals("ex-second")));
        assertThat(eventsOf(backfill, quickId))
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getExecutorId)
                .containsExactly("ex-first");
        assertThat(fixture.checkpoints(quickId)).extracting(Checkpoint::state).containsExactly(CheckpointState.STAGED);
        assertNothingMoreAfter(backfill, fixture.progressOf(backfill).size());
    }

    private static List<PhaseProgress> eventsOf(String backfill, String phaseId) {
        return fixture.progressOf(backfill).stream()
                .filter(e -> e.getPhaseId().equals(phaseId))
                .toList();
    }

    private static List<String> stagedBy(String backfill, String phaseId, String executorId) {
        return eventsOf(backfill, phaseId).stream()
                .filter(e -> e.getType() == PhaseProgressType.PARTITION_STAGED
                        && e.getExecutorId().equals(executorId))
                .map(PhaseProgress::getPartition)
                .toList();
    }

    /** A one-partition phase staged straight through the warehouse layer, as another instance would have. */
    private static PhasePlanned stagedElsewhere(String backfill, String phaseId, String warehouse, String day) {
        PhasePlanned phase = fixture.phase(backfill, phaseId, warehouse, List.of(day), fixture.sql(0));
        fixture.warehouse.stage(
                fixture.target,
                backfill,
                phaseId,
                Partition.parse(PartitionGrain.DAY, ZoneOffset.UTC, day),
                phase.getTransformationSql());
        return phase;
    }

    private static int indexOf(List<PhaseProgress> events, String phaseId, PhaseProgressType type) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getPhaseId().equals(phaseId) && events.get(i).getType() == type) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " of " + phaseId + " in " + events);
    }

    private static String lastPauseReason(String backfill) {
        List<PhaseProgress> paused = fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == PhaseProgressType.PAUSED)
                .toList();
        return paused.isEmpty() ? "" : paused.get(paused.size() - 1).getReason();
    }

    private static int count(String backfill, PhaseProgressType type) {
        return (int) fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == type)
                .count();
    }

    /** After the expected events, nothing else arrives for the backfill. */
    private static void assertNothingMoreAfter(String backfill, int expected) {
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> fixture.progressOf(backfill).size() == expected);
    }
}
