package io.backfill.executor.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes one topic's raw records with the registry (via {@link EventSerdes}) and sorts failures the
 * way the shared {@code EventLoop} does: bytes that are not our wire format or cannot be decoded are
 * {@link Poison} (park them in the DLQ); a registry that cannot be reached is an {@link Outage}
 * (retry later; never park good data because of it). The executor drives its own consumers, so it
 * cannot use the messaging module's package-private decoder.
 */
final class RecordReader<V extends SpecificRecord> implements AutoCloseable {

    private static final byte MAGIC_BYTE = 0;

    private final Deserializer<V> deserializer;

    RecordReader(Topic<V> topic, EventSerdes serdes) {
        this.deserializer = serdes.deserializer(topic);
    }

    V read(ConsumerRecord<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null || bytes.length < 5 || bytes[0] != MAGIC_BYTE) {
            throw new Poison("value is not in the registry wire format (magic byte 0 + 4-byte schema id)");
        }
        try {
            return deserializer.deserialize(record.topic(), record.headers(), bytes);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException) {
                    throw new Outage(e);
                }
            }
            throw new Poison("cannot decode value: " + root(e));
        }
    }

    static String root(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        deserializer.close();
    }

    /** The record can never be decoded. */
    static final class Poison extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Poison(String reason) {
            super(reason);
        }
    }

    /** The registry could not be asked; the record may be fine. */
    static final class Outage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Outage(Throwable cause) {
            super("schema registry unreachable: " + root(cause), cause);
        }
    }
}
