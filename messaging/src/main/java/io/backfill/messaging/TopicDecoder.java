package io.backfill.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns one topic's raw records into generated Avro objects, and says why when it cannot: bytes that
 * are not our wire format, or a schema id the registry does not know, are {@link Poison} (park them);
 * a registry that cannot be reached is {@link RegistryUnreachable} (retry, never park good data because
 * of it). For consumers that drive their own poll loop; {@link EventLoop} uses it too.
 */
public final class TopicDecoder<V extends SpecificRecord> implements AutoCloseable {

    private static final byte MAGIC_BYTE = 0;

    private final Deserializer<V> deserializer;

    public TopicDecoder(Topic<V> topic, EventSerdes serdes) {
        this.deserializer = serdes.deserializer(topic);
    }

    public V decode(ConsumerRecord<String, byte[]> record) {
        byte[] bytes = record.value();
        if (bytes == null || bytes.length < 5 || bytes[0] != MAGIC_BYTE) {
            throw new Poison("value is not in the registry wire format (magic byte 0 + 4-byte schema id)");
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

    /** The innermost cause as {@code Type: message}: what a DLQ header or a log line should say. */
    public static String rootMessage(Throwable error) {
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
    public static final class Poison extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Poison(String reason) {
            super(reason);
        }
    }

    /** The registry could not be asked; the record may be fine. */
    public static final class RegistryUnreachable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public RegistryUnreachable(Throwable cause) {
            super("schema registry unreachable: " + rootMessage(cause), cause);
        }
    }
}
