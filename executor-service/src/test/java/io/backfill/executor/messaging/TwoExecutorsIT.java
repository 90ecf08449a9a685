package io.backfill.executor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backfill.events.PhasePlanned;
import io.backfill.events.PhaseProgress;
import io.backfill.events.PhaseProgressType;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.PostgresSchemaExtension;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.kafka.KafkaBroker;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Horizontal scaling: two instances in one group share the phases of one backfill, each staged once. */
@ExtendWith(RealInfrastructureExtension.class)
class TwoExecutorsIT {

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
    void twoInstancesShareThePhasesOfOneBackfillAndStageEachPartitionOnce() {
        // given: two instances in one group, each owning some partitions of backfill-phases
        String warehouse = Fixture.unique("wh");
        String group = Fixture.unique("g");
        ExecutorNode first = fixture.node(
                "ex-1", group, warehouse, Fixture.staticAdmission(2), Fixture.tuning(Duration.ofMinutes(1)));
        ExecutorNode second = fixture.node(
                "ex-2", group, warehouse, Fixture.staticAdmission(2), Fixture.tuning(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !first.assignment().isEmpty()
                        && !second.assignment().isEmpty()
                        && first.assignment().size() + second.assignment().size()
                                == Topics.BACKFILL_PHASES.partitions());
        String backfill = Fixture.unique("bf-shared");
        // Phase ids chosen so that two land on each instance's partitions (keys route by murmur2, as producers do).
        List<String> phaseIds = new ArrayList<>();
        phaseIds.addAll(idsOwnedBy(first.assignment(), backfill + "-a", 2));
        phaseIds.addAll(idsOwnedBy(second.assignment(), backfill + "-b", 2));

        // when: four phases of two partitions each
        for (int i = 0; i < 4; i++) {
            PhasePlanned phase = fixture.phase(
                    backfill, phaseIds.get(i), warehouse, Fixture.DAYS.subList(2 * i, 2 * i + 2), fixture.sql(0.2));
            fixture.send(phase);
        }

        // then
        await().atMost(Duration.ofSeconds(60)).until(() -> count(backfill, PhaseProgressType.STAGED) == 4);
        List<PhaseProgress> events = fixture.progressOf(backfill);
        assertThat(events)
                .filteredOn(e -> e.getType() == PhaseProgressType.STAGED)
                .extracting(PhaseProgress::getExecutorId)
                .containsExactlyInAnyOrder("ex-1", "ex-1", "ex-2", "ex-2");
        assertThat(events)
                .filteredOn(e -> e.getType() == PhaseProgressType.PARTITION_STAGED)
                .extracting(PhaseProgress::getPartition)
                .containsExactlyInAnyOrderElementsOf(Fixture.DAYS);
        for (String phaseId : phaseIds) {
            assertThat(fixture.checkpoints(phaseId)).hasSize(2);
        }
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> fixture.progressOf(backfill).size() == events.size());
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

    private static int count(String backfill, PhaseProgressType type) {
        return (int) fixture.progressOf(backfill).stream()
                .filter(e -> e.getType() == type)
                .count();
    }
}
