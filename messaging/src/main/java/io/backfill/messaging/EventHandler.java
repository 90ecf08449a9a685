package io.backfill.messaging;

/** Handles one decoded event. Throwing {@link RetriableFailure} asks for a bounded retry; anything else parks the record in the DLQ. */
@FunctionalInterface
public interface EventHandler<V> {

    void handle(String key, V value, RecordContext context) throws Exception;
}
