package io.backfill.events.serde;

import io.backfill.events.registry.ConfluentRegistryClient;
import io.backfill.events.registry.SchemaRegistryException;
import io.backfill.events.registry.ValueSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a value in the Confluent wire format (magic byte 0, the 4-byte big-endian schema id, Avro
 * binary) with the id a Confluent-API registry gives its schema under {@code <topic>-value}. With
 * auto-register off the schema must already be registered (exactly that schema, as {@code bin/backfill
 * schemas register} does it); the error names the subject.
 */
final class ConfluentSerializer<V extends SpecificRecord> implements Serializer<V> {

    static final byte MAGIC_BYTE = 0;

    private final ConfluentRegistryClient registry;
    private final boolean autoRegister;
    private final GeneratedClassDatumProvider<V> data;

    ConfluentSerializer(ConfluentRegistryClient registry, boolean autoRegister, ClassLoader loader) {
        this.registry = registry;
        this.autoRegister = autoRegister;
        this.data = new GeneratedClassDatumProvider<>(loader);
    }

    @Override
    public byte[] serialize(String topic, V value) {
        if (value == null) {
            return null;
        }
        String subject = ValueSchemas.subject(topic);
        int id;
        try {
            id = autoRegister ? registry.register(subject, value.getSchema()) : registeredId(subject, value);
        } catch (SchemaRegistryException e) {
            throw new SerializationException(
                    "cannot get a schema id for " + subject + " from " + registry.baseUrl() + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            data.createDatumWriter(value, value.getSchema()).write(value, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + value.getSchema().getFullName() + " to " + topic, e);
        }
        return out.toByteArray();
    }

    private int registeredId(String subject, V value) {
        OptionalInt id = registry.lookup(subject, value.getSchema());
        if (id.isEmpty()) {
            throw new SerializationException(
                    "the schema of " + value.getSchema().getFullName()
                            + " is not registered under subject " + subject + " at " + registry.baseUrl()
                            + " and auto-register is off: register the contract with `bin/backfill schemas register`");
        }
        return id.getAsInt();
    }
}
