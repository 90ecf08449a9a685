package io.backfill.messaging;

import com.microsoft.kiota.ApiException;
import io.apicurio.registry.rest.client.models.ProblemDetails;
import io.backfill.events.registry.SchemaNotFoundException;
import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    private static final String AVRO_PACKAGE = "org.apache.avro.";

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
            throw classify(e, ByteBuffer.wrap(bytes, 1, 4).getInt());
        }
    }

    /**
     * Sorts a failed decode into "the registry could not be asked" (retry) and "these bytes can never be
     * read" (poison), with a reason an operator can act on. The registry answering 404 means the schema id
     * is unknown (Apicurio's client and the Confluent-API client each say so in their own type); Avro's own
     * decoding errors are {@link IOException}s too, but say nothing about the
     * registry, so only I/O failures outside Avro (connection, timeout) and registry server errors wait.
     */
    static RuntimeException classify(RuntimeException error, int schemaId) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SchemaNotFoundException) {
                // The Confluent-API client's answer to 404 (see EventSerdes' registry modes).
                return new Poison("schema id " + schemaId + " not found in the registry");
            }
            if (t instanceof ApiException api) {
                int status = api.getResponseStatusCode();
                if (status == 404) {
                    return new Poison("schema id " + schemaId + " not found in the registry");
                }
                if (status >= 500 || status == 408 || status == 429) {
                    return new RegistryUnreachable(error);
                }
                return new Poison(
                        "the registry refused schema id " + schemaId + ": HTTP " + status + " " + describe(api));
            }
            if (t == t.getCause()) {
                break;
            }
        }
        for (Throwable t = error; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof IOException && !fromAvro(t)) {
                return new RegistryUnreachable(error);
            }
        }
        return new Poison("cannot decode value with schema id " + schemaId + ": " + rootMessage(error));
    }

    private static boolean fromAvro(Throwable error) {
        StackTraceElement[] frames = error.getStackTrace();
        return error.getClass().getName().startsWith(AVRO_PACKAGE)
                || (frames.length > 0 && frames[0].getClassName().startsWith(AVRO_PACKAGE));
    }

    private static String describe(ApiException api) {
        if (api instanceof ProblemDetails problem) {
            return Stream.of(problem.getTitle(), problem.getDetail())
                    .filter(text -> text != null && !text.isBlank())
                    .collect(Collectors.joining(": "));
        }
        return api.getMessage() == null ? api.getClass().getSimpleName() : api.getMessage();
    }

    /** The innermost cause as {@code Type: message}: what a DLQ header or a log line should say. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // Some exceptions carry no message (an EOFException, the registry's ProblemDetails): say what they are.
        return root.getMessage() == null
                ? root.getClass().getSimpleName() + " (no message)"
                : root.getClass().getSimpleName() + ": " + root.getMessage();
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
