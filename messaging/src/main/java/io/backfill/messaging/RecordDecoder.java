package io.backfill.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A {@link TopicDecoder} per registered topic, for loops that read several topics at once. */
final class RecordDecoder implements AutoCloseable {

    private final Map<String, TopicDecoder<? extends SpecificRecord>> decoders = new HashMap<>();

    <V extends SpecificRecord> void register(Topic<V> topic, EventSerdes serdes) {
        decoders.put(topic.name(), new TopicDecoder<>(topic, serdes));
    }

    Object decode(ConsumerRecord<String, byte[]> record) {
        TopicDecoder<? extends SpecificRecord> decoder = decoders.get(record.topic());
        if (decoder == null) {
            throw new TopicDecoder.Poison("no decoder registered for topic " + record.topic());
        }
        return decoder.decode(record);
    }

    @Override
    public void close() {
        decoders.values().forEach(TopicDecoder::close);
    }
}
