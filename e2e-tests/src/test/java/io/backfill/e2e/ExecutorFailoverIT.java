package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Executors as a consumer group of separate processes: they share phases and survive a SIGKILL. */
@ExtendWith(E2eClusterExtension.class)
class ExecutorFailoverIT {

    private static final int PHASE_TOPIC_PARTITIONS = 12;

    private E2eCluster cluster;

    @AfterEach
    void keepTwoExecutors() {
        // Other e2e classes share the cluster: leave it with two executors, as it started.
        if (cluster != null && cluster.executors().size() < 2) {
            cluster.startExecutor(false);
            cluster.awaitExecutorsShareAllPartitions();
        }
    }

    @Test
    void twoExecutorProcessesShareTheWork(E2eCluster cluster) throws Exception {
        this.cluster = cluster;
        // given two executors owning half of backfill-phases each, and a backfill whose phases (keyed by
        // phaseId = <backfillId>-p<n>) land on partitions of both
        cluster.awaitExecutorsShareAllPartitions();
        Map<ServiceProcess, Set<Integer>> owned = cluster.ownership();
        assertThat(owned).hasSize(2);
        String id = idSpreadOver(owned.values().stream().toList(), 4);
        cluster.createTarget("revenue_shared");
        String expected = cluster.createExpected("revenue_shared");
        var request = RequestYaml.backfill(id, "revenue_shared")
                .range("2026-01-01", "2026-01-13")
                .standardChecks()
                .write();

        // when
        assertThat(cluster.cli("submit", request.toString()).exitCode()).isZero();
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");

        // then both executors ran phases of it, and the result is right
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
        Set<String> executorsUsed = new HashSet<>();
        cluster.status(id)
                .path("phases")
                .forEach(p -> executorsUsed.add(p.path("executorId").asText()));
        assertThat(executorsUsed)
                .containsExactlyInAnyOrderElementsOf(
                        owned.keySet().stream().map(cluster::executorId).toList());
        assertThat(cluster.warehouse.checksums("revenue_shared", "2026-01-01", "2026-01-13"))
                .isEqualTo(cluster.warehouse.checksums(expected, "2026-01-01", "2026-01-13"));
    }

    @Test
    void backfillCompletesAfterAnExecutorIsKilledMidPhaseAndPublishesEachPartitionOnce(E2eCluster cluster)
            throws Exception {
        this.cluster = cluster;
        // given a slow backfill (about a second per partition, three per phase)
        cluster.createTarget("revenue_crash");
        String expected = cluster.createExpected("revenue_crash");
        String id = Ids.unique("crash");
        var request = RequestYaml.backfill(id, "revenue_crash")
                .range("2026-01-01", "2026-01-10")
                .sql(Orders.slowSql(1.0))
                .maxPhasesInFlight(2)
                .standardChecks()
                .write();
        assertThat(cluster.cli("submit", request.toString()).exitCode()).isZero();

        // when the executor running a phase is SIGKILLed after staging part of it
        AtomicReference<String> victimId = new AtomicReference<>();
        await("a phase part-way staged")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Optional<String> executor = partlyStagedPhaseExecutor(cluster.status(id));
                    executor.ifPresent(victimId::set);
                    return executor.isPresent();
                });
        ServiceProcess victim = cluster.executors().stream()
                .filter(e -> cluster.executorId(e).equals(victimId.get()))
                .findFirst()
                .orElseThrow();
        cluster.kill(victim);
        assertThat(victim.alive()).isFalse();

        // then the surviving executor takes the phase over and the backfill completes
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
        // and every partition was published exactly once, with the right contents
        assertThat(cluster.warehouse.publishCounts(id))
                .hasSize(9)
                .allSatisfy((day, count) -> assertThat(count).as(day).isEqualTo(1));
        assertThat(cluster.warehouse.checksums("revenue_crash", "2026-01-01", "2026-01-10"))
                .isEqualTo(cluster.warehouse.checksums(expected, "2026-01-01", "2026-01-10"));
    }

    /** The executor of a running phase that has staged some but not all of its partitions. */
    private static Optional<String> partlyStagedPhaseExecutor(JsonNode status) {
        if (status == null) {
            return Optional.empty();
        }
        for (JsonNode phase : status.path("phases")) {
            int staged = phase.path("partitionsStaged").asInt();
            String executor = phase.path("executorId").asText("");
            if (phase.path("state").asText().equals("RUNNING")
                    && staged >= 1
                    && staged < phase.path("partitionCount").asInt()
                    && !executor.isBlank()
                    && !executor.equals("null")) {
                return Optional.of(executor);
            }
        }
        return Optional.empty();
    }

    /**
     * A backfill id whose first {@code phases} phase ids hash (Kafka's default partitioner: murmur2 of the
     * key) onto partitions owned by every executor, so sharing is certain rather than likely.
     */
    private static String idSpreadOver(List<Set<Integer>> ownedByExecutor, int phases) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            String candidate = Ids.unique("shared");
            Set<Integer> partitions = new HashSet<>();
            for (int i = 0; i < phases; i++) {
                byte[] key = (candidate + "-p" + i).getBytes(StandardCharsets.UTF_8);
                partitions.add(Utils.toPositive(Utils.murmur2(key)) % PHASE_TOPIC_PARTITIONS);
            }
            if (ownedByExecutor.stream().allMatch(owned -> owned.stream().anyMatch(partitions::contains))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no backfill id spreads over " + ownedByExecutor);
    }
}
