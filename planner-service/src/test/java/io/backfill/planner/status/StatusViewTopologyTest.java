package io.backfill.planner.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.events.BackfillState;
import io.backfill.events.BackfillStatus;
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

    private static final Serde<BackfillStatus> AVRO = Serdes.serdeFrom(
            (topic, status) -> {
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    var encoder = EncoderFactory.get().binaryEncoder(out, null);
                    new SpecificDatumWriter<>(BackfillStatus.class).write(status, encoder);
                    encoder.flush();
                    return out.toByteArray();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            },
            (topic, bytes) -> {
                try {
                    return new SpecificDatumReader<>(BackfillStatus.class)
                            .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

    @Test
    void keepsTheLatestStatusOfEveryBackfillQueryableByItsId() {
        Properties config = StatusViewTopology.optimisations();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-view-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(StatusViewTopology.build(AVRO), config)) {
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

    private static BackfillStatus status(String id, BackfillState state) {
        return BackfillStatus.newBuilder()
                .setBackfillId(id)
                .setState(state)
                .setUpdatedAt(Instant.parse("2026-11-24T12:00:00Z"))
                .build();
    }
}
