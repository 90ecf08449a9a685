package io.backfill.events.serde;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.backfill.events.registry.ConfluentRegistryClient;
import io.backfill.events.topics.Topic;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializers and deserializers for the values of a {@link Topic}, through the registry API the
 * settings name: our {@link ConfluentRegistryClient} for a Confluent-API registry, Apicurio's serdes for
 * Apicurio's own API.
 *
 * <p>Records are written in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary;
 * no headers) under the subject {@code <topic>-value} either way, so Confluent-based consumers can read
 * every topic. Each call returns a new, configured instance: Kafka clients close their serdes, so they
 * must not be shared. In Confluent mode the instances of one {@code EventSerdes} share one client, and
 * so its caches of schemas by id and ids by schema.
 */
public final class EventSerdes {

    private final RegistrySettings settings;
    private final ConfluentRegistryClient confluent;

    public EventSerdes(RegistrySettings settings) {
        this.settings = settings;
        this.confluent = settings.api() == RegistryApi.CONFLUENT ? new ConfluentRegistryClient(settings.url()) : null;
    }

    public <V extends SpecificRecord> Serializer<V> serializer(Topic<V> topic) {
        if (confluent != null) {
            return new ConfluentSerializer<>(
                    confluent, settings.autoRegister(), topic.valueType().getClassLoader());
        }
        Serializer<V> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config(), false);
        return serializer;
    }

    public <V extends SpecificRecord> Deserializer<V> deserializer(Topic<V> topic) {
        if (confluent != null) {
            return new ConfluentDeserializer<>(confluent, topic.valueType().getClassLoader());
        }
        Deserializer<V> deserializer = new EventDeserializer<>(topic.valueType());
        Map<String, Object> config = config();
        config.put(SerdeConfig.DESERIALIZER_SPECIFIC_VALUE_RETURN_CLASS, topic.valueType());
        deserializer.configure(config, false);
        return deserializer;
    }

    public <V extends SpecificRecord> Serde<V> serde(Topic<V> topic) {
        return Serdes.serdeFrom(serializer(topic), deserializer(topic));
    }

    /**
     * The client properties that configure Apicurio serdes the way this class does, for frameworks that
     * build their own; Apicurio mode only.
     */
    public Map<String, Object> config() {
        if (confluent != null) {
            throw new IllegalStateException("Apicurio serde properties asked for, but the registry api is confluent");
        }
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
