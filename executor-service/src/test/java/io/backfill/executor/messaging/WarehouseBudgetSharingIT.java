package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.load.BudgetReading;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.executor.domain.load.RawLoadSignals;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One budget per warehouse however many executors: three adaptive instances in one group take shares
 * of the warehouse budget the (here: scripted) controller publishes on {@code warehouse-load}, so their
 * budgets add up to it and the statements they run together on the real PostgreSQL stay within it.
 */
@ExtendWith(RealInfrastructureExtension.class)
class WarehouseBudgetSharingIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private static final double WAREHOUSE_BUDGET = 1.5;
    private static final double STATEMENT_SECONDS = 0.6;

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
    void threeExecutorsShareOneWarehouseBudget() throws Exception {
        // given: three adaptive executors of one warehouse in one group, and a controller's budget of 1.5
        String warehouse = Fixture.unique("wh");
        String group = Fixture.unique("g");
        AdmissionConfig adaptive = AdmissionConfig.defaults();
        List<ExecutorNode> nodes = List.of(
                fixture.node("ex-1", group, warehouse, adaptive, Fixture.tuning(Duration.ofMinutes(1))),
                fixture.node("ex-2", group, warehouse, adaptive, Fixture.tuning(Duration.ofMinutes(1))),
                fixture.node("ex-3", group, warehouse, adaptive, Fixture.tuning(Duration.ofMinutes(1))));
        Fixture.awaitAssigned(nodes.toArray(ExecutorNode[]::new));
        ScheduledExecutorService controller = Executors.newSingleThreadScheduledExecutor();
        controller.scheduleAtFixedRate(() -> budget(warehouse, WAREHOUSE_BUDGET), 0, 500, TimeUnit.MILLISECONDS);
        List<Integer> runningTogether = new CopyOnWriteArrayList<>();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        try {
            // then: their budgets are shares that add up to the warehouse budget
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(nodes.stream()
                                    .mapToDouble(n -> n.decision().workBudget())
                                    .sum())
                            .isCloseTo(WAREHOUSE_BUDGET, org.assertj.core.data.Offset.offset(1e-9)));
            for (ExecutorNode node : nodes) {
                assertThat(node.decision().workBudget()).isLessThan(WAREHOUSE_BUDGET);
            }

            // when: each executor gets two phases of three slow partitions
            String backfill = Fixture.unique("bf-share");
            List<String> phaseIds = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                phaseIds.addAll(idsOwnedBy(nodes.get(i).assignment(), backfill + "-" + i + "-", 2));
            }
            watcher.scheduleAtFixedRate(() -> runningTogether.add(runningSleeps()), 0, 100, TimeUnit.MILLISECONDS);
            for (int i = 0; i < phaseIds.size(); i++) {
                List<String> days = Fixture.DAYS.subList(0, 3);
                fixture.send(fixture.phase(backfill, phaseIds.get(i), warehouse, days, fixture.sql(STATEMENT_SECONDS)));
            }

            // then: all of it runs, and together the executors never ran more than the warehouse budget allows
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> fixture.progressOf(backfill).stream()
                                    .filter(e -> e.getType() == PhaseProgressType.STAGED)
                                    .count()
                            == phaseIds.size());
            watcher.shutdownNow();
            double mean = runningTogether.stream()
                    .mapToInt(Integer::intValue)
                    .average()
                    .orElseThrow();
            int most =
                    runningTogether.stream().mapToInt(Integer::intValue).max().orElseThrow();
            // Each share is 0.5: one statement at a time per executor, on average half of the time.
            assertThat(most).as("statements running at once").isLessThanOrEqualTo(3);
            assertThat(mean)
                    .as("statement-seconds per second while staging")
                    .isLessThanOrEqualTo(WAREHOUSE_BUDGET * 1.25);
            assertThat(mean).as("and the budget is used").isGreaterThan(0.5);
        } finally {
            controller.shutdownNow();
            watcher.shutdownNow();
        }
    }

    private static void budget(String warehouse, double budget) {
        try {
            fixture.load(new LoadSample(
                    warehouse,
                    Instant.now(),
                    0.2,
                    RawLoadSignals.none(),
                    Optional.of(new BudgetReading(budget, 1.1, budget, "holding", "scripted budget"))));
        } catch (RuntimeException e) {
            // the next tick retries
        }
    }

    /** Staging statements of this test's schema running now on the warehouse. */
    private static int runningSleeps() {
        try (Connection connection = POSTGRES.connect();
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE state = 'active' AND query LIKE ? AND query NOT LIKE '%pg_stat_activity%'")) {
            statement.setString(1, "%" + POSTGRES.schemaName() + ".raw_sales%pg_sleep%");
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (Exception e) {
            return 0;
        }
    }

    private static List<String> idsOwnedBy(Set<TopicPartition> owned, String prefix, int count) {
        Set<Integer> partitions = owned.stream().map(TopicPartition::partition).collect(Collectors.toSet());
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            String id = prefix + i;
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8)))
                    % Topics.BACKFILL_PHASES.partitions();
            if (partitions.contains(partition)) {
                ids.add(id);
            }
        }
        return ids;
    }
}
