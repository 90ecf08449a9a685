package io.backfill.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns raw records of known topics into generated Avro objects, and says why when it cannot: bytes
 * that are not our wire format, or a schema id the registry does not know, are poison (park them);
 * a registry that cannot be reached is an outage (retry, never park good data because of it).
 */
final class RecordDecoder implements AutoCloseable {

    private static final byte MAGIC_BYTE = 0;

    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();

    <V extends SpecificRecord> void register(Topic<V> topic, EventSerdes serdes) {
        deserializers.put(topic.name(), serdes.deserializer(topic));
    }

    Object decode(ConsumerRecord<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes.length < 5 || bytes[0] != MAGIC_BYTE) {
            throw new Poison("value is not in the registry wire format (magic byte 0 + 4-byte schema id)");
        }
        Deserializer<? extends SpecificRecord> deserializer = deserializers.get(record.topic());
        if (deserializer == null) {
            throw new Poison("no decoder registered for topic " + record.topic());
        }
        try {
            return deserializer.deserialize(record.topic(), record.headers(), bytes);
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                throw new RegistryUnreachable(e);
            }
            throw new Poison("cannot decode value: " + rootMessage(e));
        }
    }

    private static boolean causedByIo(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        deserializers.values().forEach(Deserializer::close);
    }

    /** The record can never be decoded. */
    static final class Poison extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Poison(String reason) {
            super(reason);
        }
    }

    /** The registry could not be asked; the record may be fine. */
    static final class RegistryUnreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegistryUnreachable(Throwable cause) {
            super("schema registry unreachable: " + rootMessage(cause), cause);
        }
    }
}
