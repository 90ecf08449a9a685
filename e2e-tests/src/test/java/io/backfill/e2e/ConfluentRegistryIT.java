package io.backfill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.registry.ConfluentRegistryClient;
import io.backfill.events.registry.ValueSchemas;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every service on the Confluent REST API (Apicurio's ccompat endpoint) with auto-register off, as
 * production runs: a service refuses to start before the contract is registered, and once {@code backfill
 * schemas register} has registered it, a backfill runs through and every record every service wrote
 * carries the Confluent id of its topic's {@code <topic>-value} subject.
 */
@ExtendWith(E2eClusterExtension.class)
class ConfluentRegistryIT {

    @Test
    void aServiceWithAutoRegisterOffRefusedToStartNamingEveryMissingSubject(E2eCluster cluster) {
        E2eCluster.ContractProbe probe = cluster.contractProbe;

        assertThat(probe.missing()).contains("backfill-requests-value", "phase-progress-value");
        assertThat(probe.failure()).contains("exited with").contains("before it was ready");
        assertThat(probe.log()).contains("lacks the schema of subject");
        probe.missing().forEach(subject -> assertThat(probe.log()).contains(subject));
        assertThat(probe.log()).contains("bin/backfill schemas register --registry " + cluster.registryUrl());
        assertThat(probe.registration().exitCode()).isZero();
        assertThat(probe.registration().out().lines().filter(line -> line.startsWith("registered")))
                .hasSize(probe.missing().size());
    }

    @Test
    void aBackfillRunsThroughAndEveryTopicCarriesTheIdsOfItsOwnSubject(E2eCluster cluster) throws Exception {
        // given
        cluster.createTarget("revenue_confluent");
        String id = Ids.unique("confluent");
        var request = RequestYaml.backfill(id, "revenue_confluent")
                .range("2026-01-01", "2026-01-04")
                .standardChecks()
                .write();

        // when
        E2eCluster.CliRun submitted = cluster.cli("submit", request.toString());
        E2eCluster.CliRun watched = cluster.cli("watch", id, "--interval", "0.5");

        // then
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(watched.exitCode()).as(watched.out() + watched.err()).isZero();
        assertThat(watched.out()).contains("ended COMPLETED");
        // and what the planner, the executors and the validator wrote is framed with the registered ids
        ConfluentRegistryClient registry = new ConfluentRegistryClient(cluster.registryUrl());
        List<Topic<?>> written = List.of(
                Topics.BACKFILL_REQUESTS,
                Topics.BACKFILL_PHASES,
                Topics.PHASE_PROGRESS,
                Topics.GATE_DECISIONS,
                Topics.BACKFILL_STATUS,
                Topics.WAREHOUSE_LOAD);
        for (Topic<?> topic : written) {
            int registered = registry.lookup(ValueSchemas.subject(topic), ValueSchemas.schema(topic))
                    .orElseThrow();
            assertThat(schemaIdsOn(cluster, topic.name())).as(topic.name()).containsExactly(registered);
        }
    }

    /** The schema ids in the values of every record on {@code topic} up to its end when asked. */
    private static Set<Integer> schemaIdsOn(E2eCluster cluster, String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Set<Integer> ids = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            // Read to the end offsets of now: warehouse-load keeps growing while the sampler runs.
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        assertThat(record.value()[0])
                                .as("magic byte on " + topic)
                                .isZero();
                        ids.add(ByteBuffer.wrap(record.value(), 1, 4).getInt());
                    }
                }
            }
        }
        return ids;
    }
}
