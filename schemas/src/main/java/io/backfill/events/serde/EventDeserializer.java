package io.backfill.events.serde;

import io.apicurio.registry.serde.avro.AvroDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import java.util.Map;

/**
 * Apicurio's Avro deserializer, reading into the generated classes of one value type's class loader
 * (see {@link GeneratedClassDatumProvider}). Apicurio would build its datum provider from a class name
 * through its own loader; inside Quarkus that loader sees a second copy of the generated classes.
 */
final class EventDeserializer<V> extends AvroKafkaDeserializer<V> {

    private final ClassLoader loader;

    EventDeserializer(Class<V> valueType) {
        this.loader = valueType.getClassLoader();
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        super.configure(configs, isKey);
        ((AvroDeserializer<V>) delegatedDeserializer).setAvroDatumProvider(new GeneratedClassDatumProvider<>(loader));
    }
}
