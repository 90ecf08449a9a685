package io.backfill.events.topics;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the coordinator: its name, the Avro type of its values, what its String key
 * means, and how it is laid out. Keys are always plain strings (UTF-8) so any client can route and
 * compact them.
 *
 * @param name kebab-case topic name
 * @param valueType generated Avro class of the values
 * @param keyMeaning what the record key holds (backfillId, phaseId, warehouseId)
 * @param writer the one component allowed to write it
 * @param partitions partitions to create it with
 * @param compacted whether only the latest value per key is kept
 */
public record Topic<V extends SpecificRecord>(
        String name, Class<V> valueType, String keyMeaning, String writer, int partitions, boolean compacted) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition");
        }
    }

    /** Where consumers of this topic put records they cannot read, with the reason in headers. */
    public String deadLetterTopic() {
        return name + "-dlq";
    }

    @Override
    public String toString() {
        return name;
    }
}
