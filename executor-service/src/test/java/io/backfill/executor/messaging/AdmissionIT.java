package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.Budget;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Load-paced admission end to end: the test plays the load sampler on {@code warehouse-load} (a
 * sample every {@link #SAMPLE_PERIOD}) and watches which partitions start.
 */
@ExtendWith(RealInfrastructureExtension.class)
class AdmissionIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(300);
    private static final Duration MAX_SAMPLE_AGE = Duration.ofSeconds(2);

    private static Fixture fixture;
    private static final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private static volatile Double pressure; // null: the sampler is dead

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        fixture = Fixture.start(broker, registry, POSTGRES);
    }

    @AfterAll
    static void stop() {
        sampler.shutdownNow();
        fixture.close();
    }

    @Test
    void highPressureStopsNewPartitionsLowPressureResumesThemAndStaleSamplesStopThem() {
        // given: an adaptive executor fed low pressure, running a slow phase one partition at a time
        String warehouse = Fixture.unique("wh");
        pressure = 0.1;
        sampler.scheduleAtFixedRate(
                () -> {
                    Double now = pressure;
                    try {
                        if (now != null) {
                            fixture.load(warehouse, now);
                        }
                    } catch (RuntimeException e) {
                        // keep sampling: an exception would silently end a scheduled task
                        org.slf4j.LoggerFactory.getLogger(AdmissionIT.class).warn("sample not sent", e);
                    }
                },
                0,
                SAMPLE_PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        AdmissionConfig adaptive = AdmissionConfig.defaults()
                .withStrategy(AdmissionStrategy.ADAPTIVE)
                .withInstanceCap(2)
                .withMaxSampleAge(MAX_SAMPLE_AGE);
        ExecutorNode node =
                fixture.node("ex-adm", Fixture.unique("g"), warehouse, adaptive, Fixture.tuning(Duration.ofMinutes(1)));
        Fixture.awaitAssigned(node);
        String backfill = Fixture.unique("bf-load");
        PhasePlanned phase = fixture.phase(
                backfill,
                backfill + "-p0",
                warehouse,
                Fixture.DAYS,
                fixture.sql(0.8),
                Budget.newBuilder().setMaxConcurrentStatements(1).build());
        fixture.send(phase);
        awaitCount(backfill, PhaseProgressType.PARTITION_STAGED, 2);

        // when: pressure jumps above the hard ceiling
        pressure = 1.5;
        int stagedAtSpike = count(backfill, PhaseProgressType.PARTITION_STAGED);

        // then: within one sample period (plus the running partition) nothing new starts
        await().atMost(SAMPLE_PERIOD.multipliedBy(2).plusSeconds(1))
                .until(() -> lastPauseReason(backfill).equals("HARD_CEILING"));
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        int stagedWhilePaused = count(backfill, PhaseProgressType.PARTITION_STAGED);
        assertThat(stagedWhilePaused).isLessThanOrEqualTo(stagedAtSpike + 1);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> count(backfill, PhaseProgressType.PARTITION_STAGED) == stagedWhilePaused);
        assertThat(node.decision().pauseConsumption()).isTrue();

        // when: pressure falls below the target
        pressure = 0.1;

        // then: it resumes
        awaitCount(backfill, PhaseProgressType.RESUMED, 1);
        awaitCount(backfill, PhaseProgressType.PARTITION_STAGED, stagedWhilePaused + 1);

        // when: the sampler dies
        pressure = null;

        // then: once the last sample is stale, nothing new starts; a newly planned phase is taken at once
        // (per-phase dispatch) but waits for admission at its first partition
        await().atMost(MAX_SAMPLE_AGE.plusSeconds(3))
                .until(() -> lastPauseReason(backfill).equals("STALE_LOAD_SAMPLE"));
        String later = Fixture.unique("bf-later");
        fixture.send(fixture.phase(later, later + "-p0", warehouse, List.of("2026-03-01"), fixture.sql(0)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lastPauseReason(later).equals("STALE_LOAD_SAMPLE"));
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true); // the partition running at the pause finishes
        int stagedWhileStale = count(backfill, PhaseProgressType.PARTITION_STAGED);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> count(backfill, PhaseProgressType.PARTITION_STAGED) == stagedWhileStale
                        && count(later, PhaseProgressType.PARTITION_STAGED) == 0);
        assertThat(fixture.progressOf(later))
                .extracting(PhaseProgress::getType)
                .containsExactly(PhaseProgressType.STARTED, PhaseProgressType.PAUSED);

        // when: samples come back, everything finishes
        pressure = 0.1;
        awaitCount(backfill, PhaseProgressType.STAGED, 1);
        awaitCount(later, PhaseProgressType.STAGED, 1);
        assertThat(fixture.progressOf(backfill))
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getPartition)
                .containsExactlyElementsOf(Fixture.DAYS);
    }

    private static String lastPauseReason(String backfill) {
        List<PhaseProgress> paused = fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == PhaseProgressType.PAUSED)
                .toList();
        return paused.isEmpty() ? "" : paused.get(paused.size() - 1).getReason();
    }

    private static void awaitCount(String backfill, PhaseProgressType type, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(backfill, type) >= count);
    }

    private static int count(String backfill, PhaseProgressType type) {
        return (int) fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == type)
                .count();
    }
}
