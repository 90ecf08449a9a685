package io.backfill.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.events.serde.RegistryApi;
import io.backfill.events.serde.RegistrySettings;
import io.backfill.messaging.KafkaSettings;
import io.backfill.warehouse.Warehouse;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceShellTest {

    /** A service's mapping as the three services write theirs: the shared fragment plus its own default. */
    @ConfigMapping(prefix = "backfill")
    interface ExampleConfig extends ServiceConfig {

        Warehouse warehouse();

        interface Warehouse extends ServiceConfig.WarehouseConnection {
            @Override
            @WithDefault("PT3M")
            Duration statementTimeout();
        }
    }

    private static final Map<String, String> REQUIRED = Map.of(
            "kafka.bootstrap.servers", "broker:9092",
            "backfill.registry.url", "http://registry:8080/apis/registry/v3",
            "backfill.warehouse.jdbc-url", "jdbc:duckdb:",
            "backfill.warehouse.allowed-schemas", "analytics,raw");

    @Test
    void buildsKafkaSettingsFromBootstrapRegistryAndClientOverridesInBothSpellings() {
        // given
        SmallRyeConfig all = config(
                Map.of("kafka.security.protocol", "SASL_SSL", "backfill.registry.auto-register", "true"),
                Map.of("KAFKA_SASL_MECHANISM", "PLAIN", "KAFKA_HOME", "/opt/kafka"));

        // when
        KafkaSettings kafka = ServiceShell.kafka(all.getConfigMapping(ExampleConfig.class), "planner-1", all);

        // then
        assertThat(kafka.bootstrapServers()).isEqualTo("broker:9092");
        assertThat(kafka.registry()).isEqualTo(new RegistrySettings("http://registry:8080/apis/registry/v3", true));
        assertThat(kafka.clientId()).isEqualTo("planner-1");
        assertThat(kafka.extra())
                .containsExactlyInAnyOrderEntriesOf(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));
    }

    @Test
    void theRegistryApiDefaultsToApicurioAndConfluentIsChosenByName() {
        SmallRyeConfig defaults = config(Map.of(), Map.of());
        SmallRyeConfig confluent = config(
                Map.of("backfill.registry.url", "http://schema-registry:8081"),
                Map.of("BACKFILL_REGISTRY_API", "confluent"));

        assertThat(ServiceShell.kafka(defaults.getConfigMapping(ExampleConfig.class), "p", defaults)
                        .registry()
                        .api())
                .isEqualTo(RegistryApi.APICURIO);
        assertThat(ServiceShell.kafka(confluent.getConfigMapping(ExampleConfig.class), "p", confluent)
                        .registry())
                .isEqualTo(new RegistrySettings("http://schema-registry:8081", false, RegistryApi.CONFLUENT));
    }

    @Test
    void refusesAnUnknownRegistryApiNamingTheChoices() {
        SmallRyeConfig all = config(Map.of("backfill.registry.api", "karapace"), Map.of());

        assertThatThrownBy(() -> ServiceShell.kafka(all.getConfigMapping(ExampleConfig.class), "p", all))
                .hasMessageContaining("unknown registry api 'karapace'")
                .hasMessageContaining("confluent or apicurio");
    }

    @Test
    void refusesToBuildKafkaSettingsWithoutBootstrapServers() {
        Map<String, String> properties = new HashMap<>(REQUIRED);
        properties.remove("kafka.bootstrap.servers");
        SmallRyeConfig all = new SmallRyeConfigBuilder()
                .withMapping(ExampleConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();

        assertThatThrownBy(() -> ServiceShell.kafka(all.getConfigMapping(ExampleConfig.class), "planner-1", all))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void appliesTheSharedDefaultsAndTheServicesOwnStatementTimeout() {
        // when
        ExampleConfig config = config(Map.of(), Map.of()).getConfigMapping(ExampleConfig.class);

        // then
        assertThat(config.registry().autoRegister()).isFalse();
        assertThat(config.createTopics()).isFalse();
        assertThat(config.warehouse().user()).isEqualTo("postgres");
        assertThat(config.warehouse().password()).isEmpty();
        assertThat(config.warehouse().controlSchema()).isEqualTo("backfill_control");
        assertThat(config.warehouse().allowedSchemas()).isEqualTo(Set.of("analytics", "raw"));
        assertThat(config.warehouse().statementTimeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void createsNoTopicsUnlessAsked() {
        // given: nothing listens on this address, so an admin client would fail to create anything
        ExampleConfig config = config(Map.of(), Map.of()).getConfigMapping(ExampleConfig.class);
        KafkaSettings unreachable =
                new KafkaSettings("127.0.0.1:1", new RegistrySettings("http://127.0.0.1:1", false), "test");

        // when / then: returns at once without contacting a broker
        ServiceShell.createTopicsIfAsked(config, unreachable);
    }

    @Test
    void opensTheConfiguredWarehouseWhichThenAnswersItsReadinessCanary() {
        // given
        ExampleConfig config = config(Map.of(), Map.of()).getConfigMapping(ExampleConfig.class);

        // when
        try (Warehouse warehouse = ServiceShell.openWarehouse(config.warehouse())) {
            // then
            assertThat(ServiceShell.warehouseAnswers(warehouse)).isTrue();
        }
    }

    @Test
    void aWarehouseNotOpenedYetIsNotReady() {
        assertThat(ServiceShell.warehouseAnswers(null)).isFalse();
    }

    private static SmallRyeConfig config(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> all = new HashMap<>(REQUIRED);
        all.putAll(properties);
        return new SmallRyeConfigBuilder()
                .withMapping(ExampleConfig.class)
                .withSources(new PropertiesConfigSource(all, "application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .build();
    }
}
