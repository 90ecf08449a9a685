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
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes events to the coordinator's topics: one idempotent producer (acks=all) shared by every topic
 * of a service, with the value encoded by that topic's registry serializer. Thread-safe, except the
 * {@linkplain #transactional transactional} kind, which belongs to one thread (an {@link EventLoop}'s).
 *
 * <p>A value larger than the topic accepts ({@link #limitRecordBytes}) is refused before it is sent,
 * with a {@link RecordTooLargeException} thrown by {@link #publish}: inside a transaction a refusal by the broker would doom every
 * other write of that transaction, a refusal here dooms none.
 */
public final class EventPublisher implements AutoCloseable {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    /** Batch and record headers around a value, with room to spare. */
    private static final int RECORD_OVERHEAD_BYTES = 512;

    private final KafkaProducer<String, byte[]> producer;
    private final EventSerdes serdes;
    private final Map<String, Serializer<?>> serializers = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxRecordBytes = new ConcurrentHashMap<>();
    private final int maxRequestBytes;
    private final boolean transactional;
    private boolean inTransaction;

    public EventPublisher(KafkaSettings settings) {
        this(settings, null);
    }

    private EventPublisher(KafkaSettings settings, String transactionalId) {
        Properties properties = settings.baseProperties(transactionalId == null ? "publisher" : "tx-publisher");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        if (transactionalId != null) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        Object maxRequest = properties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        this.maxRequestBytes = maxRequest == null ? 1_048_576 : Integer.parseInt(maxRequest.toString());
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.serdes = new EventSerdes(settings.registry());
        this.transactional = transactionalId != null;
        if (transactional) {
            // Blocks until the broker fenced every older producer with this id and aborted its open transaction.
            producer.initTransactions();
        }
    }

    /**
     * A publisher whose writes belong to transactions: the first write after a commit begins one, and
     * {@link #commitTransaction} ends it together with the consumer offsets it answers. Starting it fences
     * every earlier producer with the same {@code transactionalId}: their next write or commit fails with
     * {@link org.apache.kafka.common.errors.ProducerFencedException}.
     */
    public static EventPublisher transactional(KafkaSettings settings, String transactionalId) {
        return new EventPublisher(settings, transactionalId);
    }

    /** The largest record (value and key) {@code topic} accepts, e.g. its {@code max.message.bytes}. */
    public void limitRecordBytes(String topic, int bytes) {
        maxRecordBytes.put(topic, bytes);
    }

    /**
     * Sends asynchronously; the future completes when the broker has the record.
     *
     * @throws org.apache.kafka.common.errors.SerializationException when the value cannot be encoded
     * @throws RecordTooLargeException when the record is larger than the topic accepts (nothing was sent)
     */
    public <V extends SpecificRecord> CompletableFuture<RecordMetadata> publish(Topic<V> topic, String key, V value) {
        // A serialisation failure is thrown here, before anything was sent.
        byte[] bytes = serializer(topic).serialize(topic.name(), new RecordHeaders(), value);
        int size = bytes.length + (key == null ? 0 : key.length() * 3) + RECORD_OVERHEAD_BYTES;
        int limit = Math.min(maxRequestBytes, maxRecordBytes.getOrDefault(topic.name(), Integer.MAX_VALUE));
        if (size > limit) {
            throw new RecordTooLargeException("a " + topic.name() + " record of " + bytes.length + " bytes (key " + key
                    + ") exceeds the " + limit + " bytes the topic accepts");
        }
        beginIfTransactional();
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
        beginIfTransactional();
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

    /** {@link #publishTombstone}, waiting until the broker has it, with the failures of {@link #publishAndWait}. */
    public RecordMetadata publishTombstoneAndWait(Topic<?> topic, String key) {
        return sendTombstone(topic, key).await();
    }

    /** Sends and waits until the broker has the record: for steps whose next step must not run before it is durable. */
    public <V extends SpecificRecord> RecordMetadata publishAndWait(Topic<V> topic, String key, V value) {
        return send(topic, key, value).await();
    }

    /**
     * Sends without waiting: {@link Sent#await} later, after sending more. How many records go out in one
     * round trip while each failure still names its record (a transactional writer pipelines a batch).
     *
     * @throws PublishFailedException when the record is refused before it was handed to the producer
     */
    public <V extends SpecificRecord> Sent send(Topic<V> topic, String key, V value) {
        try {
            return new Sent(topic, key, publish(topic, key, value));
        } catch (RuntimeException e) {
            // e.g. SerializationException, RecordTooLargeException, or a producer already fenced
            throw new PublishFailedException(topic, key, e, false);
        }
    }

    /** {@link #send} for a tombstone. */
    public Sent sendTombstone(Topic<?> topic, String key) {
        try {
            return new Sent(topic, key, publishTombstone(topic, key));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PublishFailedException(topic, key, e, false);
        }
    }

    /** A record handed to the producer, not yet known to be on the broker. */
    public record Sent(Topic<?> topic, String key, CompletableFuture<RecordMetadata> future) {

        /** Waits until the broker has it (at most the send timeout). */
        public RecordMetadata await() {
            try {
                return future.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PublishFailedException(topic, key, e, true);
            } catch (ExecutionException e) {
                throw new PublishFailedException(topic, key, e.getCause(), true);
            } catch (TimeoutException e) {
                throw new PublishFailedException(topic, key, e, true);
            }
        }
    }

    /** Sends raw bytes, for the dead-letter path where the original value could not be decoded. */
    CompletableFuture<RecordMetadata> publishRaw(ProducerRecord<String, byte[]> record) {
        beginIfTransactional();
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

    private void beginIfTransactional() {
        if (transactional && !inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    public boolean isTransactional() {
        return transactional;
    }

    /**
     * Commits the open transaction (if any) together with {@code offsets}: the outputs and the fact that
     * their inputs were handled become visible at once, or not at all.
     */
    public void commitTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        if (!transactional) {
            throw new IllegalStateException("not a transactional publisher");
        }
        if (!offsets.isEmpty()) {
            beginIfTransactional();
            producer.sendOffsetsToTransaction(offsets, group);
        }
        if (inTransaction) {
            producer.commitTransaction();
            inTransaction = false;
        }
    }

    /** Drops every write since the last commit; consumers reading committed data never see them. */
    public void abortTransaction() {
        if (inTransaction) {
            producer.abortTransaction();
            inTransaction = false;
        }
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

        private final boolean reachedProducer;

        PublishFailedException(Topic<?> topic, String key, Throwable cause, boolean reachedProducer) {
            super(
                    "could not publish to " + topic.name() + " (key " + key + "): " + TopicDecoder.rootMessage(cause),
                    cause);
            this.reachedProducer = reachedProducer;
        }

        /**
         * False when the record was refused before it was handed to the producer (too large for the topic,
         * not serialisable): an open transaction is unharmed. True: a transaction it was part of is doomed.
         */
        public boolean reachedProducer() {
            return reachedProducer;
        }

        /** Whether retrying may help. */
        public PublishFailure kind() {
            return PublishFailure.of(this);
        }
    }
}
