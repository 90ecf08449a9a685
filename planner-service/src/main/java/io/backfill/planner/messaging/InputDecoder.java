package io.backfill.planner.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes raw records of the planner's topics with the registry serdes ({@link EventSerdes}) and
 * sorts failures the way {@code EventLoop} does: bytes that are not our wire format or cannot be
 * decoded are poison (park them in the DLQ), a registry that cannot be reached is an outage (wait,
 * never park good data because of it).
 */
final class InputDecoder implements AutoCloseable {

    private static final byte MAGIC_BYTE = 0;

    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();

    InputDecoder(EventSerdes serdes, List<Topic<?>> topics) {
        topics.forEach(topic -> deserializers.put(topic.name(), serdes.deserializer(topic)));
    }

    /** A decoded value, or the reason it is poison. */
    record Decoded(Object value, String poison) {}

    /** @throws RegistryUnreachable when the registry could not be asked */
    Decoded decode(ConsumerRecord<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null) {
            return new Decoded(null, null);
        }
        if (bytes.length < 5 || bytes[0] != MAGIC_BYTE) {
            return new Decoded(null, "value is not in the registry wire format (magic byte 0 + 4-byte schema id)");
        }
        Deserializer<? extends SpecificRecord> deserializer = deserializers.get(record.topic());
        try {
            return new Decoded(deserializer.deserialize(record.topic(), record.headers(), bytes), null);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    throw new RegistryUnreachable(e);
                }
            }
            return new Decoded(null, "cannot decode value: " + rootMessage(e));
        }
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

    static final class RegistryUnreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RegistryUnreachable(Throwable cause) {
            super("schema registry unreachable: " + rootMessage(cause), cause);
        }
    }
}
