package io.backfill.events.serde;

import io.backfill.events.registry.ConfluentRegistryClient;
import io.backfill.events.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a value in the Confluent wire format: fetches the writer's schema by the id after the magic byte
 * (cached by the client) and resolves it against the generated class, so records of older and newer
 * writers both decode. A registry that cannot be reached surfaces with an {@link IOException} cause
 * (retriable); an unknown id or bad bytes do not (the record is poison).
 */
final class ConfluentDeserializer<V> implements Deserializer<V> {

    private final ConfluentRegistryClient registry;
    private final GeneratedClassDatumProvider<V> data;

    ConfluentDeserializer(ConfluentRegistryClient registry, ClassLoader loader) {
        this.registry = registry;
        this.data = new GeneratedClassDatumProvider<>(loader);
    }

    @Override
    public V deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 5 || bytes[0] != ConfluentSerializer.MAGIC_BYTE) {
            throw new SerializationException(
                    "value on " + topic + " is not in the Confluent wire format (magic byte 0 + 4-byte schema id)");
        }
        int id = ByteBuffer.wrap(bytes, 1, Integer.BYTES).getInt();
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "cannot get schema " + id + " of a value on " + topic + ": " + e.getMessage(), e);
        }
        try {
            return data.createDatumReader(writer)
                    .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        } catch (IOException | RuntimeException e) {
            // No IOException as the cause: truncated bytes are poison, not a registry to wait for.
            throw new SerializationException("cannot decode a value on " + topic + " with schema " + id + " ("
                    + writer.getFullName() + "): " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
