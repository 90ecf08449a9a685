package io.backfill.planner.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.BackfillPhaseStatus;
import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
import io.backfill.events.PhaseStatus;
import io.backfill.events.topics.PhaseStatusKey;
import io.backfill.events.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The production status-view topology, driven by TopologyTestDriver (plain Avro binary instead of the registry). */
class StatusViewTopologyTest {

    private static final Serde<BackfillStatus> AVRO = avro(BackfillStatus.class);
    private static final Serde<BackfillPhaseStatus> PHASE_AVRO = avro(BackfillPhaseStatus.class);

    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type) {
        return Serdes.serdeFrom(
                (topic, record) -> {
                    if (record == null) {
                        return null;
                    }
                    try {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        var encoder = EncoderFactory.get().binaryEncoder(out, null);
                        new SpecificDatumWriter<>(type).write(record, encoder);
                        encoder.flush();
                        return out.toByteArray();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    try {
                        return new SpecificDatumReader<>(type)
                                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    void keepsTheLatestStatusOfEveryBackfillQueryableByItsId() {
        Properties config = StatusViewTopology.optimisations();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-view-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(StatusViewTopology.build(AVRO, PHASE_AVRO), config)) {
            TestInputTopic<String, BackfillStatus> statuses =
                    driver.createInputTopic(Topics.BACKFILL_STATUS.name(), new StringSerializer(), AVRO.serializer());

            // when
            statuses.pipeInput("bf-1", status("bf-1", BackfillState.PLANNED));
            statuses.pipeInput("bf-2", status("bf-2", BackfillState.REJECTED));
            statuses.pipeInput("bf-1", status("bf-1", BackfillState.RUNNING));

            // then
            KeyValueStore<String, BackfillStatus> store = driver.getKeyValueStore(StatusViewTopology.STORE);
            assertThat(store.get("bf-1").getState()).isEqualTo(BackfillState.RUNNING);
            assertThat(store.get("bf-2").getState()).isEqualTo(BackfillState.REJECTED);
            assertThat(store.approximateNumEntries()).isEqualTo(2);
        }
    }

    @Test
    void pagesThroughOneBackfillsPhasesInSequenceOrderAndNeverIntoAnotherBackfill() {
        Properties config = StatusViewTopology.optimisations();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-view-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(StatusViewTopology.build(AVRO, PHASE_AVRO), config)) {
            TestInputTopic<String, BackfillPhaseStatus> phases = driver.createInputTopic(
                    Topics.BACKFILL_PHASE_STATUS.name(), new StringSerializer(), PHASE_AVRO.serializer());

            // given 12 phases of bf-1 written out of order, and neighbours whose ids extend "bf-1"
            for (int sequence = 11; sequence >= 0; sequence--) {
                phases.pipeInput(PhaseStatusKey.of("bf-1", sequence), phase("bf-1", sequence, "PLANNED"));
            }
            phases.pipeInput(PhaseStatusKey.of("bf-10", 0), phase("bf-10", 0, "PLANNED"));
            phases.pipeInput(PhaseStatusKey.of("bf-1.x", 0), phase("bf-1.x", 0, "PLANNED"));
            phases.pipeInput(PhaseStatusKey.of("bf-1", 3), phase("bf-1", 3, "RUNNING"));
            phases.pipeInput(PhaseStatusKey.of("bf-1", 7), phase("bf-1", 7, "RUNNING"));
            // a re-split dropped the last phase
            phases.pipeInput(PhaseStatusKey.of("bf-1", 11), (BackfillPhaseStatus) null);

            KeyValueStore<String, BackfillPhaseStatus> store = driver.getKeyValueStore(StatusViewTopology.PHASE_STORE);

            // then
            assertThat(PhasePages.page(store, "bf-1", 0, 5))
                    .extracting(PhaseStatus::getSequence)
                    .containsExactly(0, 1, 2, 3, 4);
            assertThat(PhasePages.page(store, "bf-1", 8, 5))
                    .extracting(PhaseStatus::getSequence)
                    .containsExactly(8, 9, 10);
            assertThat(PhasePages.page(store, "bf-1", 11, 5)).isEmpty();
            assertThat(PhasePages.page(store, "bf-10", 0, 100))
                    .extracting(PhaseStatus::getPhaseId)
                    .containsExactly("bf-10-p0");
            assertThat(PhasePages.inState(store, "bf-1", "RUNNING", 0, 10))
                    .extracting(PhaseStatus::getSequence)
                    .containsExactly(3, 7);
            assertThat(PhasePages.inState(store, "bf-1", "RUNNING", 1, 10))
                    .extracting(PhaseStatus::getSequence)
                    .containsExactly(7);
        }
    }

    private static BackfillPhaseStatus phase(String backfillId, int sequence, String state) {
        return BackfillPhaseStatus.newBuilder()
                .setBackfillId(backfillId)
                .setPhase(PhaseStatus.newBuilder()
                        .setPhaseId(backfillId + "-p" + sequence)
                        .setSequence(sequence)
                        .setState(state)
                        .setFirstPartition("2026-01-01")
                        .setLastPartition("2026-01-01")
                        .setPartitionCount(1)
                        .build())
                .setUpdatedAt(Instant.parse("2026-11-24T12:00:00Z"))
                .build();
    }

    private static BackfillStatus status(String id, BackfillState state) {
        return BackfillStatus.newBuilder()
                .setBackfillId(id)
                .setState(state)
                .setUpdatedAt(Instant.parse("2026-11-24T12:00:00Z"))
                .build();
    }
}
