package io.backfill.messaging;

import io.backfill.events.serde.EventSerdes;
import io.backfill.events.topics.Topic;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events to the coordinator's topics: one idempotent producer (acks=all) shared by every topic
 * of a service, with the value encoded by that topic's registry serializer. Thread-safe.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final EventSerdes serdes;
    private final Map<String, Serializer<?>> serializers = new ConcurrentHashMap<>();

    public EventPublisher(KafkaSettings settings) {
        Properties properties = settings.baseProperties("publisher");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.serdes = new EventSerdes(settings.registry());
    }

    /** Sends asynchronously; the future completes when the broker has the record. */
    public <V extends SpecificRecord> CompletableFuture<RecordMetadata> publish(Topic<V> topic, String key, V value) {
        byte[] bytes = serializer(topic).serialize(topic.name(), new RecordHeaders(), value);
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.name(), key, bytes), (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(metadata);
            }
        });
        return sent;
    }

    /**
     * Sends a tombstone (null value) for {@code key} on a compacted topic, asynchronously: how a record
     * that no longer describes anything is removed.
     */
    public CompletableFuture<RecordMetadata> publishTombstone(Topic<?> topic, String key) {
        if (!topic.compacted()) {
            throw new IllegalArgumentException("tombstones belong on compacted topics; " + topic.name() + " is not");
        }
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.name(), key, null), (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(metadata);
            }
        });
        return sent;
    }

    /** Sends and waits until the broker has the record: for steps whose next step must not run before it is durable. */
    public <V extends SpecificRecord> RecordMetadata publishAndWait(Topic<V> topic, String key, V value) {
        try {
            return publish(topic, key, value).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(topic, key, e);
        } catch (ExecutionException e) {
            throw new PublishFailedException(topic, key, e.getCause());
        } catch (TimeoutException e) {
            throw new PublishFailedException(topic, key, e);
        }
    }

    /** Sends raw bytes, for the dead-letter path where the original value could not be decoded. */
    CompletableFuture<RecordMetadata> publishRaw(ProducerRecord<String, byte[]> record) {
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                sent.completeExceptionally(error);
            } else {
                sent.complete(metadata);
            }
        });
        return sent;
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> Serializer<V> serializer(Topic<V> topic) {
        return (Serializer<V>) serializers.computeIfAbsent(topic.name(), name -> serdes.serializer(topic));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        serializers.values().forEach(Serializer::close);
    }

    /** A send that did not reach the broker in time or was refused. */
    public static final class PublishFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PublishFailedException(Topic<?> topic, String key, Throwable cause) {
            super("could not publish to " + topic.name() + " (key " + key + "): " + cause.getMessage(), cause);
        }
    }
}
