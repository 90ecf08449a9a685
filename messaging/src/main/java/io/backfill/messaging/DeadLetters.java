package io.backfill.messaging;

import io.backfill.events.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a record a consumer refuses to {@code <topic>-dlq}: the original key and value bytes, the
 * original headers, and headers saying why, where it came from and who refused it. Waits until the
 * dead letter is durable, so the caller can then commit past the original.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final EventPublisher publisher;
    private final String consumerName;

    public DeadLetters(EventPublisher publisher, String consumerName) {
        this.publisher = publisher;
        this.consumerName = consumerName;
    }

    public void send(ConsumerRecord<String, byte[]> original, String reason) {
        Headers headers = new RecordHeaders(original.headers().toArray());
        headers.add(Topics.DLQ_REASON_HEADER, utf8(reason));
        headers.add(Topics.DLQ_SOURCE_TOPIC_HEADER, utf8(original.topic()));
        headers.add(Topics.DLQ_SOURCE_PARTITION_HEADER, utf8(Integer.toString(original.partition())));
        headers.add(Topics.DLQ_SOURCE_OFFSET_HEADER, utf8(Long.toString(original.offset())));
        headers.add(Topics.DLQ_CONSUMER_HEADER, utf8(consumerName));
        String deadLetterTopic = original.topic() + "-dlq";
        try {
            publisher
                    .publishRaw(new ProducerRecord<>(deadLetterTopic, null, original.key(), original.value(), headers))
                    .get(30, TimeUnit.SECONDS);
            LOG.warn(
                    "Sent {}-{}@{} (key {}) to {}: {}",
                    original.topic(),
                    original.partition(),
                    original.offset(),
                    original.key(),
                    deadLetterTopic,
                    reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing a dead letter to " + deadLetterTopic, e);
        } catch (ExecutionException | TimeoutException e) {
            // Not committing past a record we could neither process nor park: it is redelivered.
            throw new IllegalStateException("cannot write dead letter to " + deadLetterTopic, e);
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}
