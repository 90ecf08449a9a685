package io.backfill.planner.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import io.backfill.messaging.TopicDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes raw records of the planner's topics ({@link TopicDecoder} per topic) into a value or the
 * reason it is poison, so the replay and the live loop can park poison in the DLQ and carry on; a
 * registry that cannot be reached is thrown ({@link TopicDecoder.RegistryUnreachable}: wait, never
 * park good data because of it).
 */
final class InputDecoder implements AutoCloseable {

    private final Map<String, TopicDecoder<? extends SpecificRecord>> decoders = new HashMap<>();

    InputDecoder(EventSerdes serdes, List<Topic<?>> topics) {
        topics.forEach(topic -> decoders.put(topic.name(), decoderOf(topic, serdes)));
    }

    private static <V extends SpecificRecord> TopicDecoder<V> decoderOf(Topic<V> topic, EventSerdes serdes) {
        return new TopicDecoder<>(topic, serdes);
    }

    /** A decoded value (null for a tombstone), or the reason it is poison. */
    record Decoded(Object value, String poison) {}

    /** @throws TopicDecoder.RegistryUnreachable when the registry could not be asked */
    Decoded decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return new Decoded(null, null);
        }
        TopicDecoder<? extends SpecificRecord> decoder = decoders.get(record.topic());
        if (decoder == null) {
            return new Decoded(null, "no decoder registered for topic " + record.topic());
        }
        try {
            return new Decoded(decoder.decode(record), null);
        } catch (TopicDecoder.Poison poison) {
            return new Decoded(null, poison.getMessage());
        }
    }

    @Override
    public void close() {
        decoders.values().forEach(TopicDecoder::close);
    }
}
