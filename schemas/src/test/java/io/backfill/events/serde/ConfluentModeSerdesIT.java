package io.backfill.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.events.BackfillRequested;
import io.backfill.events.EventFixtures;
import io.backfill.events.registry.ConfluentRegistryClient;
import io.backfill.events.registry.ValueSchemas;
import io.backfill.events.topics.Topic;
import io.backfill.events.topics.Topics;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The serdes in Confluent mode against a real registry's Confluent REST API (Apicurio's ccompat). */
@ExtendWith(RealInfrastructureExtension.class)
class ConfluentModeSerdesIT {

    @Test
    void writesTheConfluentWireFormatWithTheIdOfTheTopicValueSubjectAndReadsItBack(SchemaRegistry registry) {
        Topic<BackfillRequested> topic = uniqueRequestsTopic();
        EventSerdes serdes = new EventSerdes(confluent(registry, true));
        BackfillRequested request = EventFixtures.backfillRequested("bf-confluent");

        byte[] bytes;
        BackfillRequested read;
        try (var serde = serdes.serde(topic)) {
            bytes = serde.serializer().serialize(topic.name(), request);
            read = serde.deserializer().deserialize(topic.name(), bytes);
        }

        assertThat(bytes[0]).as("magic byte").isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        ConfluentRegistryClient client = new ConfluentRegistryClient(registry.confluentApiUrl());
        assertThat(client.lookup(topic.name() + "-value", BackfillRequested.getClassSchema()))
                .hasValue(id);
        assertThat(read).isEqualTo(request);
    }

    @Test
    void withAutoRegisterOffAMissingSchemaFailsNamingTheSubject(SchemaRegistry registry) {
        Topic<BackfillRequested> topic = uniqueRequestsTopic();
        EventSerdes serdes = new EventSerdes(confluent(registry, false));

        try (var serializer = serdes.serializer(topic)) {
            assertThatThrownBy(() -> serializer.serialize(topic.name(), EventFixtures.backfillRequested("bf-1")))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not registered under subject " + topic.name() + "-value")
                    .hasMessageContaining("bin/backfill schemas register");
        }
    }

    @Test
    void withAutoRegisterOffARegisteredSchemaIsUsed(SchemaRegistry registry) {
        Topic<BackfillRequested> topic = uniqueRequestsTopic();
        int id = new ConfluentRegistryClient(registry.confluentApiUrl())
                .register(ValueSchemas.subject(topic), ValueSchemas.schema(topic));

        byte[] bytes;
        try (var serializer = new EventSerdes(confluent(registry, false)).serializer(topic)) {
            bytes = serializer.serialize(topic.name(), EventFixtures.backfillRequested("bf-2"));
        }

        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void anUnknownIdIsPoisonNotAnUnreachableRegistry(SchemaRegistry registry) {
        byte[] bytes = ByteBuffer.allocate(9)
                .put((byte) 0)
                .putInt(Integer.MAX_VALUE)
                .putInt(42)
                .array();

        try (var deserializer = new EventSerdes(confluent(registry, true)).deserializer(Topics.BACKFILL_REQUESTS)) {
            assertThatThrownBy(() -> deserializer.deserialize("backfill-requests", bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot get schema " + Integer.MAX_VALUE)
                    .satisfies(e -> assertThat(hasIoCause(e)).isFalse());
        }
    }

    @Test
    void truncatedBytesArePoisonNotAnUnreachableRegistry(SchemaRegistry registry) {
        Topic<BackfillRequested> topic = uniqueRequestsTopic();
        EventSerdes serdes = new EventSerdes(confluent(registry, true));
        byte[] bytes;
        try (var serializer = serdes.serializer(topic)) {
            bytes = serializer.serialize(topic.name(), EventFixtures.backfillRequested("bf-3"));
        }
        byte[] truncated = java.util.Arrays.copyOf(bytes, 12);

        try (var deserializer = serdes.deserializer(topic)) {
            assertThatThrownBy(() -> deserializer.deserialize(topic.name(), truncated))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("cannot decode")
                    .satisfies(e -> assertThat(hasIoCause(e)).isFalse());
            assertThatThrownBy(() -> deserializer.deserialize(topic.name(), new byte[] {1, 0, 0, 0, 1, 2}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("not in the Confluent wire format");
        }
    }

    @Test
    void aRecordWrittenThroughApicuriosApiIsReadInConfluentModeAndTheOtherWayRound(SchemaRegistry registry) {
        Topic<BackfillRequested> topic = uniqueRequestsTopic();
        EventSerdes apicurio = new EventSerdes(new RegistrySettings(registry.apicurioApiUrl(), true));
        EventSerdes confluent = new EventSerdes(confluent(registry, true));
        BackfillRequested request = EventFixtures.backfillRequested("bf-both-ways");

        try (var apicurioSerde = apicurio.serde(topic);
                var confluentSerde = confluent.serde(topic)) {
            byte[] byApicurio = apicurioSerde.serializer().serialize(topic.name(), request);
            byte[] byConfluent = confluentSerde.serializer().serialize(topic.name(), request);

            assertThat(confluentSerde.deserializer().deserialize(topic.name(), byApicurio))
                    .isEqualTo(request);
            assertThat(apicurioSerde.deserializer().deserialize(topic.name(), byConfluent))
                    .isEqualTo(request);
        }
    }

    private static RegistrySettings confluent(SchemaRegistry registry, boolean autoRegister) {
        return new RegistrySettings(registry.confluentApiUrl(), autoRegister, RegistryApi.CONFLUENT);
    }

    /** A topic of its own, so its subject is new to the shared registry. */
    private static Topic<BackfillRequested> uniqueRequestsTopic() {
        return new Topic<>("serdes-it-" + UUID.randomUUID(), BackfillRequested.class, "backfillId", "test", 1, false);
    }

    private static boolean hasIoCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
