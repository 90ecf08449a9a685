package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import io.backfill.warehouse.Checkpoint;
import io.backfill.warehouse.CheckpointState;
import io.backfill.warehouse.Checksum;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Crash safety: an executor in a child JVM is killed with SIGKILL in the middle of a phase (no
 * cleanup, no commit, its staging transaction cut), and a second instance of the same group finishes
 * the phase from the checkpoints. A second phase on the same Kafka partition, finished before the kill
 * but beyond the committed prefix, is redelivered and found done: nothing is lost or staged twice.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ExecutorCrashIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static Fixture fixture;

    @BeforeAll
    static void start(KafkaBroker broker, SchemaRegistry registry) throws Exception {
        fixture = Fixture.start(broker, registry, POSTGRES);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aSecondInstanceFinishesThePhaseOfAKilledOneStagingEveryPartitionExactlyOnce() throws Exception {
        // given: the checksums of a clean run of the same transformation
        String backfill = Fixture.unique("bf-crash");
        String cleanPhase = backfill + "-clean";
        for (String day : Fixture.DAYS) {
            fixture.warehouse.stage(
                    fixture.target,
                    backfill,
                    cleanPhase,
                    Partition.parse(PartitionGrain.DAY, ZoneOffset.UTC, day),
                    fixture.sql(0));
        }
        Map<String, Checksum> clean = fixture.checkpoints(cleanPhase).stream()
                .collect(Collectors.toMap(Checkpoint::partitionKey, Checkpoint::checksum));
        // and an executor in its own JVM running a slow phase
        String warehouse = Fixture.unique("wh");
        String group = Fixture.unique("g");
        Process child = startChild("ex-doomed", group, warehouse);
        PhasePlanned phase = fixture.phase(backfill, backfill + "-p0", warehouse, Fixture.DAYS, fixture.sql(0.7));
        // and a quick phase of another backfill right behind it on the same Kafka partition (another day of
        // the table, outside the source's: no partition is in two live phases)
        String quickBackfill = Fixture.unique("bf-quick");
        PhasePlanned quick = fixture.phase(
                quickBackfill,
                Fixture.keyOnSamePartitionAs(phase.getPhaseId(), quickBackfill + "-p"),
                warehouse,
                List.of("2026-03-20"),
                fixture.sql(0));
        try {
            fixture.send(phase);
            fixture.send(quick);
            // the quick one finishes while the slow one runs (it does not wait behind it) ...
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> stagedBy(backfill, "ex-doomed").size() >= 3
                            && fixture.progressOf(quickBackfill).stream()
                                    .anyMatch(e -> e.getType() == PhaseProgressType.STAGED));
            assertThat(stagedBy(backfill, "ex-doomed")).hasSizeLessThan(Fixture.DAYS.size());

            // when: it is killed mid-phase, and another instance joins the group
            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        List<String> stagedBeforeCrash = stagedBy(backfill, "ex-doomed");
        fixture.node(
                "ex-survivor", group, warehouse, Fixture.staticAdmission(1), Fixture.tuning(Duration.ofMinutes(1)));

        // then: the survivor resumes at the first unstaged partition and finishes the phase
        await().atMost(Duration.ofSeconds(90))
                .until(() ->
                        fixture.progressOf(backfill).stream().anyMatch(e -> e.getType() == PhaseProgressType.STAGED));
        List<PhaseProgress> events = fixture.progressOf(backfill);
        PhaseProgress resumedStart = events.stream()
                .filter(e -> e.getType() == PhaseProgressType.STARTED
                        && e.getExecutorId().equals("ex-survivor"))
                .findFirst()
                .orElseThrow();
        assertThat(resumedStart.getPartitionsDone()).isGreaterThanOrEqualTo(stagedBeforeCrash.size());
        List<String> stagedAfter = stagedBy(backfill, "ex-survivor");
        assertThat(stagedAfter).doesNotContainAnyElementsOf(stagedBeforeCrash);
        assertThat(events)
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getPartition)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(Fixture.DAYS);
        List<Checkpoint> checkpoints = fixture.checkpoints(phase.getPhaseId());
        assertThat(checkpoints).extracting(Checkpoint::partitionKey).containsExactlyElementsOf(Fixture.DAYS);
        assertThat(checkpoints).extracting(Checkpoint::state).containsOnly(CheckpointState.STAGED);
        assertThat(checkpoints).allSatisfy(c -> assertThat(c.checksum()).isEqualTo(clean.get(c.partitionKey())));
        assertThat(events)
                .filteredOn(e -> e.getType() == PhaseProgressType.STAGED)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getExecutorId()).isEqualTo("ex-survivor");
                    assertThat(e.getRows()).isEqualTo(24L);
                });
        // and the quick phase, completed beyond the committed prefix (the slow one ahead of it was not), is
        // seen again by the survivor, which finds it staged and stages nothing twice
        await().atMost(Duration.ofSeconds(30))
                .until(() -> fixture.progressOf(quickBackfill).stream()
                        .anyMatch(e -> e.getType() == PhaseProgressType.STAGED
                                && e.getExecutorId().equals("ex-survivor")));
        List<PhaseProgress> quickEvents = fixture.progressOf(quickBackfill);
        assertThat(quickEvents)
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getExecutorId)
                .containsExactly("ex-doomed");
        assertThat(quickEvents)
                .filteredOn(e -> e.getExecutorId().equals("ex-survivor"))
                .extracting(PhaseProgress::getType, PhaseProgress::getPartitionsDone)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(PhaseProgressType.STARTED, 1),
                        org.assertj.core.groups.Tuple.tuple(PhaseProgressType.STAGED, 1));
        assertThat(fixture.checkpoints(quick.getPhaseId()))
                .extracting(Checkpoint::state)
                .containsExactly(CheckpointState.STAGED);
    }

    private static List<String> stagedBy(String backfill, String executorId) {
        return fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == PhaseProgressType.PARTITION_STAGED
                        && e.getExecutorId().equals(executorId))
                .map(PhaseProgress::getPartition)
                .toList();
    }

    private static Process startChild(String executorId, String group, String warehouse) throws Exception {
        Path log = Files.createDirectories(Path.of("target")).resolve("executor-child-" + executorId + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                        "-Dit.bootstrap=" + fixture.broker.bootstrapServers(),
                        "-Dit.registry=" + fixture.registryUrl,
                        "-Dit.jdbc-url=" + fixture.jdbcUrl,
                        "-Dit.schema=" + fixture.schema,
                        "-Dit.group=" + group,
                        "-Dit.warehouse-id=" + warehouse,
                        "-Dit.executor-id=" + executorId,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ExecutorChildProcess.class.getName())
                .redirectError(log.toFile())
                .start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("READY")) {
                        ready.countDown();
                    }
                }
            } catch (Exception e) {
                // the child was killed
            }
        });
        if (!ready.await(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new IllegalStateException("child executor did not become ready; see " + new File(log.toString()));
        }
        return child;
    }
}
