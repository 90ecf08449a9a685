package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.AdmissionControlKind;
import io.backfill.events.Budget;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.AdmissionControlKey;
import io.backfill.events.topics.Topics;
import io.backfill.executor.app.ExecutorStatus;
import io.backfill.executor.app.ExecutorStatusSource;
import io.backfill.executor.domain.admission.OperatorControls;
import io.backfill.executor.domain.admission.PauseReason;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operators' manual throttles end to end on a real broker, registry and PostgreSQL: the test plays the
 * planner's REST API on {@code admission-control}. A warehouse throttle with factor 0 and a short TTL stops
 * new partition starts of a running phase (PAUSED with MANUAL_THROTTLE), the executor's status names it as
 * the limiting signal, and the phase resumes by itself once the TTL ends; a backfill's throttle holds only
 * that backfill.
 */
@ExtendWith(RealInfrastructureExtension.class)
class OperatorControlIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static Fixture fixture;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        fixture = Fixture.start(broker, registry, POSTGRES);
    }

    @AfterEach
    void closeNodes() {
        fixture.closeNodes();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aWarehouseThrottleOfZeroStopsNewPartitionStartsUntilItsTtlEndsAndIsTheLimitingSignal() {
        // given: an executor running a slow phase one partition at a time
        String warehouse = Fixture.unique("wh-thr");
        ExecutorNode node = fixture.node(
                "ex-thr",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(1),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-thr");
        fixture.send(phase(backfill, warehouse, 0.3));
        awaitCount(backfill, PhaseProgressType.PARTITION_STAGED, 1);

        // when: alice throttles the warehouse to 0 for 3 s
        Instant expiresAt = Instant.now().plusSeconds(3);
        publish(throttle(warehouse, null, 0.0, expiresAt, "alice", "incident 42"));

        // then: the phase pauses with MANUAL_THROTTLE and the status names the throttle as what limits
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lastPauseReason(backfill).equals("MANUAL_THROTTLE"));
        ExecutorStatus status = ExecutorStatusSource.of(node);
        assertThat(status.pauseReason()).isEqualTo(PauseReason.MANUAL_THROTTLE.name());
        assertThat(status.throttle().state()).isEqualTo("paused");
        assertThat(status.throttle().reason()).startsWith("manual throttle 0.0 of the warehouse by alice until");
        assertThat(status.throttle().signals())
                .filteredOn(ExecutorStatus.Signal::limiting)
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.name()).isEqualTo("manualThrottle");
                    assertThat(s.value()).isEqualTo(0.0);
                    assertThat(s.threshold()).isEqualTo(1.0);
                });
        assertThat(status.manualThrottles())
                .singleElement()
                .satisfies(t -> assertThat(t.changedBy()).isEqualTo("alice"));

        // and: it resumes by itself after the TTL and stages every partition
        awaitCount(backfill, PhaseProgressType.STAGED, 1);
        PhaseProgress paused = events(backfill, PhaseProgressType.PAUSED).getFirst();
        PhaseProgress resumed = events(backfill, PhaseProgressType.RESUMED).getFirst();
        assertThat(resumed.getOccurredAt()).isAfterOrEqualTo(expiresAt.minusMillis(1));
        // only the partition running when the throttle came may finish while it is in force
        assertThat(events(backfill, PhaseProgressType.PARTITION_STAGED))
                .filteredOn(e -> e.getOccurredAt().isAfter(paused.getOccurredAt())
                        && e.getOccurredAt().isBefore(expiresAt))
                .hasSizeLessThanOrEqualTo(1);
        assertThat(events(backfill, PhaseProgressType.PARTITION_STAGED))
                .extracting(PhaseProgress::getPartition)
                .containsExactlyInAnyOrderElementsOf(Fixture.DAYS);
        assertThat(ExecutorStatusSource.of(node).manualThrottles()).isEmpty();
        assertThat(ExecutorStatusSource.of(node).pauseReason()).isNull();
    }

    @Test
    void aBackfillsThrottleHoldsThatBackfillAloneUntilLifted() {
        // given: an executor and a throttle of backfill "held" that alice set before its phase arrived
        String warehouse = Fixture.unique("wh-bthr");
        ExecutorNode node = fixture.node(
                "ex-bthr",
                Fixture.unique("g"),
                warehouse,
                Fixture.staticAdmission(2),
                Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String held = Fixture.unique("bf-held");
        String free = otherPartition(held, "bf-free");
        publish(throttle(warehouse, held, 0.0, Instant.now().plus(Duration.ofMinutes(5)), "alice", "bad data"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> node.operatorControls().backfillFactor(held) == 0.0);

        // when: both backfills' phases arrive
        fixture.send(phase(held, warehouse, 0));
        fixture.send(phase(free, warehouse, 0));

        // then: the other one stages entirely while the held one is paused with MANUAL_THROTTLE, nothing staged
        awaitCount(free, PhaseProgressType.STAGED, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> lastPauseReason(held).equals("MANUAL_THROTTLE"));
        assertThat(events(held, PhaseProgressType.PARTITION_STAGED)).isEmpty();
        assertThat(ExecutorStatusSource.of(node).throttle().signals())
                .extracting(ExecutorStatus.Signal::name)
                .contains("manualThrottle[" + held + "]");

        // when: alice lifts it
        AdmissionControlChanged lift = AdmissionControlChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWarehouseId(warehouse)
                .setBackfillId(held)
                .setKind(AdmissionControlKind.UNTHROTTLE)
                .setChangedBy("alice")
                .setChangedAt(Instant.now())
                .build();
        publish(lift);

        // then: it resumes and stages every partition
        awaitCount(held, PhaseProgressType.STAGED, 1);
        assertThat(events(held, PhaseProgressType.RESUMED)).isNotEmpty();
        assertThat(events(held, PhaseProgressType.PARTITION_STAGED))
                .extracting(PhaseProgress::getPartition)
                .containsExactlyInAnyOrderElementsOf(Fixture.DAYS);
    }

    @Test
    void aFeedThatDiesSaysWhyAndTheChangeItReadWasApplied() {
        // given: a feed whose wake-up fails as none should (an Error, not a bad record)
        String warehouse = Fixture.unique("wh-feed-dies");
        OperatorControls controls = new OperatorControls(Clock.systemUTC());
        try (OperatorControlFeed feed =
                new OperatorControlFeed(fixture.kafka("admission-control-dies-it"), warehouse, controls, () -> {
                    throw new LinkageError("pacer broken");
                })) {
            feed.start();
            assertThat(feed.failure()).isEmpty();

            // when
            publish(throttle(warehouse, null, 0.0, Instant.now().plusSeconds(60), "alice", null));

            // then
            await().atMost(Duration.ofSeconds(20)).until(() -> feed.failure().isPresent());
            assertThat(feed.failure().orElseThrow()).isEqualTo("LinkageError: pacer broken");
            assertThat(controls.warehouseFactor()).isEqualTo(0.0);
        }
    }

    /**
     * A backfill id whose phase lands on another partition of backfill-phases than {@code backfill}'s: until
     * per-phase dispatch (issue 12, point 5), a phase waits behind another phase of its partition.
     */
    private static String otherPartition(String backfill, String prefix) {
        while (true) {
            String candidate = Fixture.unique(prefix);
            if (partitionOf(candidate + "-p0") != partitionOf(backfill + "-p0")) {
                return candidate;
            }
        }
    }

    private static int partitionOf(String phaseId) {
        return Utils.toPositive(Utils.murmur2(phaseId.getBytes(StandardCharsets.UTF_8)))
                % Topics.BACKFILL_PHASES.partitions();
    }

    private PhasePlanned phase(String backfill, String warehouse, double sleepSeconds) {
        return fixture.phase(
                backfill,
                backfill + "-p0",
                warehouse,
                Fixture.DAYS,
                fixture.sql(sleepSeconds),
                Budget.newBuilder().setMaxConcurrentStatements(1).build());
    }

    private static AdmissionControlChanged throttle(
            String warehouse, String backfill, double factor, Instant expiresAt, String who, String reason) {
        return AdmissionControlChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setWarehouseId(warehouse)
                .setBackfillId(backfill)
                .setKind(AdmissionControlKind.THROTTLE)
                .setFactor(factor)
                .setExpiresAt(expiresAt)
                .setChangedBy(who)
                .setReason(reason)
                .setChangedAt(Instant.now())
                .build();
    }

    private static void publish(AdmissionControlChanged change) {
        fixture.publisher.publishAndWait(
                Topics.ADMISSION_CONTROL,
                AdmissionControlKey.throttle(change.getWarehouseId(), change.getBackfillId()),
                change);
    }

    private static List<PhaseProgress> events(String backfill, PhaseProgressType type) {
        return fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == type)
                .toList();
    }

    private static void awaitCount(String backfill, PhaseProgressType type, int count) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> events(backfill, type).size() >= count);
    }

    private static String lastPauseReason(String backfill) {
        List<PhaseProgress> paused = events(backfill, PhaseProgressType.PAUSED);
        return paused.isEmpty() || paused.getLast().getReason() == null
                ? ""
                : paused.getLast().getReason();
    }
}
