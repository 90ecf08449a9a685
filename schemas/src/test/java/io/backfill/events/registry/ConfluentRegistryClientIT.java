package io.backfill.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a real registry's Confluent REST API (Apicurio's {@code /apis/ccompat/v7}). */
@ExtendWith(RealInfrastructureExtension.class)
class ConfluentRegistryClientIT {

    private static final Schema V1 = SchemaBuilder.record("io.backfill.it.Thing")
            .fields()
            .requiredString("id")
            .endRecord();
    /** Adds a field with a default: FULL-compatible with V1. */
    private static final Schema V2 = SchemaBuilder.record("io.backfill.it.Thing")
            .fields()
            .requiredString("id")
            .name("size")
            .type()
            .intType()
            .intDefault(0)
            .endRecord();
    /** Adds a field without a default: not BACKWARD-compatible with V1, so not FULL. */
    private static final Schema BREAKING = SchemaBuilder.record("io.backfill.it.Thing")
            .fields()
            .requiredString("id")
            .requiredLong("mustHave")
            .endRecord();

    private ConfluentRegistryClient client;
    private String subject;

    @BeforeEach
    void client(SchemaRegistry registry) {
        client = new ConfluentRegistryClient(registry.confluentApiUrl());
        subject = "client-it-" + UUID.randomUUID() + "-value";
    }

    @Test
    void registersOnceAndAnswersTheSameIdAgain() {
        int id = client.register(subject, V1);

        assertThat(new ConfluentRegistryClient(client.baseUrl()).register(subject, V1))
                .isEqualTo(id);
        assertThat(new ConfluentRegistryClient(client.baseUrl()).lookup(subject, V1))
                .hasValue(id);
        assertThat(client.latest(subject)).hasValueSatisfying(latest -> {
            assertThat(latest.version()).isEqualTo(1);
            assertThat(latest.id()).isEqualTo(id);
            assertThat(latest.schema()).isEqualTo(V1);
        });
        assertThat(client.subjects()).contains(subject);
    }

    @Test
    void cachesSchemasByIdAndIdsBySchema() {
        int id = client.register(subject, V1);
        ConfluentRegistryClient reader = new ConfluentRegistryClient(client.baseUrl());

        assertThat(reader.schemaById(id)).isEqualTo(V1);
        long afterFirst = reader.requestsSent();
        assertThat(reader.schemaById(id)).isEqualTo(V1);
        assertThat(reader.requestsSent()).as("second read from the cache").isEqualTo(afterFirst);

        long beforeRegisterAgain = client.requestsSent();
        assertThat(client.register(subject, V1)).isEqualTo(id);
        assertThat(client.lookup(subject, V1)).hasValue(id);
        assertThat(client.requestsSent()).isEqualTo(beforeRegisterAgain);
    }

    @Test
    void unknownSubjectSchemaOrIdIsNotFound() {
        assertThat(client.lookup(subject, V1)).isEmpty();
        assertThat(client.latest(subject)).isEmpty();
        assertThat(client.compatibility(subject)).isEmpty();

        client.register(subject, V1);
        assertThat(client.lookup(subject, V2))
                .as("subject exists, this schema does not")
                .isEmpty();

        assertThatThrownBy(() -> client.schemaById(Integer.MAX_VALUE))
                .isInstanceOfSatisfying(
                        SchemaNotFoundException.class,
                        e -> assertThat(e.status()).isEqualTo(404))
                .hasMessageContaining("/schemas/ids/" + Integer.MAX_VALUE);
    }

    @Test
    void fullCompatibilityAcceptsAnAddedDefaultAndRefusesABreakingChangeWithTheRegistrysReason() {
        client.register(subject, V1);
        client.setCompatibility(subject, "FULL");

        assertThat(client.compatibility(subject)).hasValue("FULL");
        assertThat(client.register(subject, V2)).isPositive();
        assertThatThrownBy(() -> client.register(subject, BREAKING))
                .isInstanceOfSatisfying(
                        IncompatibleSchemaException.class,
                        e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("POST " + client.baseUrl() + "/subjects/" + subject + "/versions answered 409");
        assertThat(client.latest(subject))
                .hasValueSatisfying(latest -> assertThat(latest.schema()).isEqualTo(V2));
    }
}
