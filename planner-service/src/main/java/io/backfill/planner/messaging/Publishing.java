package io.backfill.planner.messaging;

import io.backfill.events.topics.Topic;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.PublishFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write of the planner, waiting until the broker has it. What retrying may fix (an outage, a
 * timeout) is retried, with a growing pause, for as long as the planner runs: an output must not be
 * lost, and a long outage shows as a stalled loop (readiness DOWN, see {@link StallWatchdog}). What
 * retrying cannot fix (a record too large for its topic, one that cannot be serialised) is
 * {@link Unpublishable} at once: the caller ends that backfill instead of retrying forever. Fencing is
 * thrown as it came: the loop stops.
 */
final class Publishing {

    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);

    private final EventPublisher publisher;
    private final BooleanSupplier running;
    private final StallWatchdog watchdog;

    Publishing(EventPublisher publisher, BooleanSupplier running, StallWatchdog watchdog) {
        this.publisher = publisher;
        this.running = running;
        this.watchdog = watchdog;
    }

    <V extends SpecificRecord> void publish(Topic<V> topic, String key, V value) {
        write(topic, key, () -> publisher.send(topic, key, value));
    }

    /** A tombstone for {@code key} on a compacted topic, with the same retries as {@link #publish}. */
    void tombstone(Topic<?> topic, String key) {
        write(topic, key, () -> publisher.sendTombstone(topic, key));
    }

    /** Writes sent together and awaited together: one round trip for a backfill's changed phase records. */
    Batch batch() {
        return new Batch();
    }

    /** Sends now, awaits in {@link #await}; the failures and retries of {@link #publish}, per record. */
    final class Batch {
        private final List<Pending> pending = new ArrayList<>();

        <V extends SpecificRecord> Batch publish(Topic<V> topic, String key, V value) {
            return add(topic, key, () -> publisher.send(topic, key, value));
        }

        Batch tombstone(Topic<?> topic, String key) {
            return add(topic, key, () -> publisher.sendTombstone(topic, key));
        }

        private Batch add(Topic<?> topic, String key, Supplier<EventPublisher.Sent> send) {
            EventPublisher.Sent sent = null;
            try {
                sent = send.get();
            } catch (EventPublisher.PublishFailedException e) {
                failed(topic, key, e, 1);
                // retriable and not in a transaction: sent again, one at a time, when awaited
            }
            pending.add(new Pending(topic, key, send, sent));
            return this;
        }

        void await() {
            for (Pending write : pending) {
                try {
                    if (write.sent() != null) {
                        write.sent().await();
                        continue;
                    }
                } catch (EventPublisher.PublishFailedException e) {
                    failed(write.topic(), write.key(), e, 1);
                }
                Publishing.this.write(write.topic(), write.key(), write.send());
            }
            pending.clear();
        }
    }

    private record Pending(Topic<?> topic, String key, Supplier<EventPublisher.Sent> send, EventPublisher.Sent sent) {}

    private void write(Topic<?> topic, String key, Supplier<EventPublisher.Sent> send) {
        for (int attempt = 1; ; attempt++) {
            try {
                send.get().await();
                return;
            } catch (EventPublisher.PublishFailedException e) {
                failed(topic, key, e, attempt);
                sleep(Duration.ofSeconds(Math.min(attempt, 10)));
            }
        }
    }

    /** Throws what retrying cannot fix; returns when another attempt may succeed. */
    private void failed(Topic<?> topic, String key, EventPublisher.PublishFailedException e, int attempt) {
        PublishFailure kind = e.kind();
        if (kind == PublishFailure.RECORD) {
            throw new Unpublishable(e.getMessage(), publisher.isTransactional() && e.reachedProducer(), e);
        }
        if (kind == PublishFailure.FENCED || !running.getAsBoolean()) {
            throw e;
        }
        if (publisher.isTransactional() && e.reachedProducer()) {
            // A failed send dooms the open transaction: retrying inside it cannot succeed.
            throw e;
        }
        watchdog.doing("retrying a write to " + topic.name() + " (key " + key + "), attempt " + attempt + ": "
                + e.getMessage());
        LOG.warn("Publishing to {} (key {}) failed, attempt {}: {}", topic.name(), key, attempt, e.getMessage());
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A record that can never be written. */
    static final class Unpublishable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean transactionDoomed;

        Unpublishable(String message, boolean transactionDoomed, Throwable cause) {
            super(message, cause);
            this.transactionDoomed = transactionDoomed;
        }

        /** True when the broker refused it inside the open transaction, which can then only be aborted. */
        boolean transactionDoomed() {
            return transactionDoomed;
        }
    }
}
