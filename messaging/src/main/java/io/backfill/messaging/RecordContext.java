package io.backfill.messaging;

import java.time.Instant;

/** Where a record came from, for logs and idempotency keys. */
public record RecordContext(String topic, int partition, long offset, Instant timestamp) {

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
