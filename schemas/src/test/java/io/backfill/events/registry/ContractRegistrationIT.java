package io.backfill.events.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.events.BackfillRequested;
import io.backfill.events.LoadSample;
import io.backfill.events.registry.ContractRegistration.Outcome;
import io.backfill.events.registry.ContractRegistration.Status;
import io.backfill.events.serde.RegistryApi;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.events.topics.Topic;
import io.backfill.testsupport.junit.RealInfrastructureExtension;
import io.backfill.testsupport.registry.SchemaRegistry;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registering the contract in a real registry through its Confluent REST API, on topics named for this
 * test so the shared registry's other subjects are not touched.
 */
@ExtendWith(RealInfrastructureExtension.class)
class ContractRegistrationIT {

    private ConfluentRegistryClient client;
    private List<Topic<?>> topics;

    @BeforeEach
    void setUp(SchemaRegistry registry) {
        client = new ConfluentRegistryClient(registry.confluentApiUrl());
        String prefix = "contract-it-" + UUID.randomUUID().toString().substring(0, 8);
        topics = List.of(
                new Topic<>(prefix + "-requests", BackfillRequested.class, "backfillId", "users", 1, false),
                new Topic<>(prefix + "-load", LoadSample.class, "warehouseId", "sampler", 1, true));
    }

    @Test
    void registersEveryTopicsValueSchemaAndSetsFullCompatibilityIdempotently() {
        List<Outcome> first = new ContractRegistration(client).register(topics, Optional.of("FULL"));
        List<Outcome> second = new ContractRegistration(client).register(topics, Optional.of("FULL"));

        assertThat(first).extracting(Outcome::status).containsExactly(Status.REGISTERED, Status.REGISTERED);
        assertThat(second).extracting(Outcome::status).containsExactly(Status.UNCHANGED, Status.UNCHANGED);
        assertThat(second)
                .extracting(Outcome::id)
                .isEqualTo(first.stream().map(Outcome::id).toList());
        for (Topic<?> topic : topics) {
            String subject = topic.name() + "-value";
            assertThat(client.compatibility(subject)).hasValue("FULL");
            assertThat(client.latest(subject)).hasValueSatisfying(latest -> {
                assertThat(latest.version()).as("no second version").isEqualTo(1);
                assertThat(latest.schema()).isEqualTo(ValueSchemas.schema(topic));
            });
        }
    }

    @Test
    void refusesAnIncompatibleChangeWithTheRegistrysReasonAndStillRegistersTheRest() {
        // given: the subject of the first topic already holds an older contract the current one breaks
        Topic<?> requests = topics.get(0);
        Schema older = SchemaBuilder.record("io.backfill.events.BackfillRequested")
                .fields()
                .requiredString("backfillId")
                .requiredString("onlyInTheOldContract")
                .endRecord();
        client.register(ValueSchemas.subject(requests), older);

        // when
        List<Outcome> outcomes = new ContractRegistration(client).register(topics, Optional.of("FULL"));

        // then
        assertThat(outcomes.get(0).status()).isEqualTo(Status.REFUSED);
        assertThat(outcomes.get(0).reason()).contains("409").contains(ValueSchemas.subject(requests));
        assertThat(outcomes.get(1).status()).isEqualTo(Status.REGISTERED);
        assertThat(client.latest(ValueSchemas.subject(requests)))
                .hasValueSatisfying(latest -> assertThat(latest.schema()).isEqualTo(older));
    }

    @Test
    void aServiceWithAutoRegisterOffFailsFastNamingTheMissingSubjectInEitherMode(SchemaRegistry registry) {
        RegistrySettings confluent = new RegistrySettings(registry.confluentApiUrl(), false, RegistryApi.CONFLUENT);
        RegistrySettings apicurio = new RegistrySettings(registry.apicurioApiUrl(), false, RegistryApi.APICURIO);
        new ContractRegistration(client).register(topics.subList(1, 2), Optional.empty());
        String missing = ValueSchemas.subject(topics.get(0));

        for (RegistrySettings settings : List.of(confluent, apicurio)) {
            assertThat(RegisteredContract.missing(settings, topics)).containsExactly(missing);
            assertThatThrownBy(() -> RegisteredContract.require(settings, topics))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lacks the schema of subject " + missing)
                    .hasMessageContaining("bin/backfill schemas register --registry " + settings.url());
        }

        new ContractRegistration(client).register(topics, Optional.empty());
        RegisteredContract.require(confluent, topics);
        RegisteredContract.require(apicurio, topics);
        assertThat(RegisteredContract.missing(confluent, topics)).isEmpty();
    }

    @Test
    void withAutoRegisterOnNothingIsRequired(SchemaRegistry registry) {
        RegistrySettings settings = new RegistrySettings(registry.confluentApiUrl(), true, RegistryApi.CONFLUENT);

        RegisteredContract.require(settings, topics);

        assertThat(client.latest(ValueSchemas.subject(topics.get(0)))).isEmpty();
    }
}
