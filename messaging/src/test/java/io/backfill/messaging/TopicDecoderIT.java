package io.backfill.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.events.LoadSample;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TopicDecoder} against a real registry: every kind of undecodable value is {@link TopicDecoder.Poison}
 * with a reason that names the cause (what a DLQ header tells an operator), never a wait for a registry
 * that is in fact answering.
 */
@ExtendWith(RealInfrastructureExtension.class)
class TopicDecoderIT {

    private static EventSerdes serdes;
    private static TopicDecoder<LoadSample> decoder;
    private static byte[] valid;

    @BeforeAll
    static void start(SchemaRegistry registry) {
        serdes = new EventSerdes(new RegistrySettings(registry.apicurioApiUrl(), true));
        decoder = new TopicDecoder<>(Topics.WAREHOUSE_LOAD, serdes);
        try (Serializer<LoadSample> serializer = serdes.serializer(Topics.WAREHOUSE_LOAD)) {
            valid = serializer.serialize(
                    Topics.WAREHOUSE_LOAD.name(),
                    LoadSample.newBuilder()
                            .setWarehouseId("decoder-it")
                            .setSampledAt(Instant.parse("2026-03-01T00:00:00Z"))
                            .setPressure(0.5)
                            .build());
        }
    }

    @AfterAll
    static void stop() {
        decoder.close();
    }

    @Test
    void decodesAValidValue() {
        assertThat(decoder.decode(record(valid)).getWarehouseId()).isEqualTo("decoder-it");
    }

    @Test
    void namesASchemaIdTheRegistryDoesNotKnow() {
        byte[] unknownId = valid.clone();
        ByteBuffer.wrap(unknownId, 1, 4).putInt(99_999_999);

        assertThatThrownBy(() -> decoder.decode(record(unknownId)))
                .isInstanceOf(TopicDecoder.Poison.class)
                .hasMessage("schema id 99999999 not found in the registry");
    }

    @Test
    void namesATruncatedBodyAsPoisonInsteadOfWaitingForTheRegistry() {
        byte[] truncated = Arrays.copyOf(valid, 7);

        assertThatThrownBy(() -> decoder.decode(record(truncated)))
                .isInstanceOf(TopicDecoder.Poison.class)
                .hasMessageStartingWith("cannot decode value with schema id " + schemaId())
                .hasMessageNotContaining("null");
    }

    @Test
    void namesABodyThatDoesNotMatchItsSchema() {
        byte[] garbage = valid.clone();
        Arrays.fill(garbage, 5, garbage.length, (byte) 0xFF);

        assertThatThrownBy(() -> decoder.decode(record(garbage)))
                .isInstanceOf(TopicDecoder.Poison.class)
                .hasMessageStartingWith("cannot decode value with schema id " + schemaId())
                .hasMessageNotContaining("null");
    }

    @Test
    void namesBytesThatAreNotTheWireFormat() {
        assertThatThrownBy(() -> decoder.decode(record(new byte[] {1, 2, 3, 4, 5, 6})))
                .isInstanceOf(TopicDecoder.Poison.class)
                .hasMessageContaining("wire format");
    }

    private static int schemaId() {
        return ByteBuffer.wrap(valid, 1, 4).getInt();
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value) {
        return new ConsumerRecord<>(Topics.WAREHOUSE_LOAD.name(), 0, 0L, "key", value);
    }
}
