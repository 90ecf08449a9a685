package io.backfill.messaging;

import io.backfill.events.serde.RegistrySettings;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How a service reaches Kafka and the schema registry.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param registry schema registry location
 * @param clientId prefix for client ids, e.g. {@code validator-1}, so broker logs name the instance
 * @param extra further client properties (TLS, SASL) applied to every client
 */
public record KafkaSettings(
        String bootstrapServers, RegistrySettings registry, String clientId, Map<String, String> extra) {

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clientId, "clientId");
        extra = Map.copyOf(extra);
    }

    public KafkaSettings(String bootstrapServers, RegistrySettings registry, String clientId) {
        this(bootstrapServers, registry, clientId, Map.of());
    }

    /** Base properties every client of this service starts from. */
    public Properties baseProperties(String role) {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId + "-" + role);
        properties.putAll(extra);
        return properties;
    }
}
