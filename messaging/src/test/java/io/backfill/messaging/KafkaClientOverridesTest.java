package io.backfill.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaClientOverridesTest {

    @Test
    void takesDottedAndEnvironmentSpellingsOfClientProperties() {
        Map<String, String> overrides = KafkaClientOverrides.from(Map.of(
                "kafka.security.protocol", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
                "backfill.warehouse-id", "dwh"));

        assertThat(overrides)
                .containsOnly(
                        Map.entry("security.protocol", "SASL_SSL"),
                        Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                        Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"));
    }

    @Test
    void neverTakesBootstrapServersAndLetsTheDottedSpellingWin() {
        Map<String, String> overrides = KafkaClientOverrides.from(Map.of(
                "kafka.bootstrap.servers", "broker:9092",
                "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
                "KAFKA_REQUEST_TIMEOUT_MS", "10000",
                "kafka.request.timeout.ms", "20000"));

        assertThat(overrides).containsOnly(Map.entry("request.timeout.ms", "20000"));
    }

    @Test
    void judgesTheDottedTwinOfAnEnvironmentVariableAsThatVariable() {
        // given: names as SmallRye Config lists them, each environment variable also in dotted form
        Map<String, String> values = Map.of(
                "KAFKA_HOME", "/opt/kafka",
                "kafka.home", "/opt/kafka",
                "KAFKA_SASL_MECHANISM", "PLAIN",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.security.protocol", "SASL_SSL");

        // when
        Map<String, String> overrides =
                KafkaClientOverrides.from(values.keySet(), name -> Optional.ofNullable(values.get(name)));

        // then
        assertThat(overrides)
                .containsOnly(Map.entry("sasl.mechanism", "PLAIN"), Map.entry("security.protocol", "SASL_SSL"));
    }

    @Test
    void ignoresEnvironmentVariablesThatAreNotClientProperties() {
        assertThat(KafkaClientOverrides.from(
                        Map.of("KAFKA_something", "x", "KAFKA_HOME", "/opt/kafka", "KAFKA_OPTS", "-Xmx1g")))
                .isEmpty();
    }
}
