package io.backfill.planner.messaging;

import io.backfill.events.topics.Topic;
import io.backfill.messaging.EventPublisher;
import io.backfill.messaging.PublishFailure;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
        write(topic, key, () -> publisher.publishAndWait(topic, key, value));
    }

    /** A tombstone for {@code key} on a compacted topic, with the same retries as {@link #publish}. */
    void tombstone(Topic<?> topic, String key) {
        write(topic, key, () -> publisher.publishTombstoneAndWait(topic, key));
    }

    private void write(Topic<?> topic, String key, Runnable send) {
        for (int attempt = 1; ; attempt++) {
            try {
                send.run();
                return;
            } catch (EventPublisher.PublishFailedException e) {
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
                LOG.warn(
                        "Publishing to {} (key {}) failed, attempt {}: {}", topic.name(), key, attempt, e.getMessage());
                sleep(Duration.ofSeconds(Math.min(attempt, 10)));
            }
        }
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
