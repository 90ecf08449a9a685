package io.backfill.events.registry;

import io.backfill.events.topics.Topic;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * The registry's view of the contract: each topic's value schema and the subject it lives under.
 * Subjects follow the topic-name strategy every Confluent-API client uses by default
 * ({@code <topic>-value}), so any producer finds them. The schema is the generated class's own, which
 * Avro writes dereferenced: every named type inline at its first use, no references to resolve.
 */
public final class ValueSchemas {

    private ValueSchemas() {}

    public static String subject(Topic<?> topic) {
        return subject(topic.name());
    }

    public static String subject(String topicName) {
        return topicName + "-value";
    }

    public static Schema schema(Topic<?> topic) {
        return new SpecificData(topic.valueType().getClassLoader()).getSchema(topic.valueType());
    }
}
