package io.backfill.events.serde;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.backfill.events.topics.Topic;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializers and deserializers for the values of a {@link Topic}, backed by Apicurio Registry.
 *
 * <p>Records are written in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary;
 * no headers), so Confluent-based consumers can read every topic. Each call returns a new, configured
 * instance: Kafka clients close their serdes, so they must not be shared.
 */
public final class EventSerdes {

    private final RegistrySettings settings;

    public EventSerdes(RegistrySettings settings) {
        this.settings = settings;
    }

    public <V extends SpecificRecord> Serializer<V> serializer(Topic<V> topic) {
        Serializer<V> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config(), false);
        return serializer;
    }

    public <V extends SpecificRecord> Deserializer<V> deserializer(Topic<V> topic) {
        Deserializer<V> deserializer = new EventDeserializer<>(topic.valueType());
        Map<String, Object> config = config();
        config.put(SerdeConfig.DESERIALIZER_SPECIFIC_VALUE_RETURN_CLASS, topic.valueType());
        deserializer.configure(config, false);
        return deserializer;
    }

    public <V extends SpecificRecord> Serde<V> serde(Topic<V> topic) {
        return Serdes.serdeFrom(serializer(topic), deserializer(topic));
    }

    /** The client properties that configure Apicurio serdes the way this class does, for frameworks that build their own. */
    public Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaResolverConfig.REGISTRY_URL, settings.url());
        config.put(SchemaResolverConfig.AUTO_REGISTER_ARTIFACT, settings.autoRegister());
        config.put("apicurio.registry.use-specific-avro-reader", true);
        // Register each value schema whole, not as a tree of referenced sub-schemas: any
        // Confluent-compatible consumer, even one without reference support, can then read a record
        // with the single schema its id names.
        config.put(SchemaResolverConfig.DEREFERENCE_SCHEMA, true);
        return config;
    }
}
