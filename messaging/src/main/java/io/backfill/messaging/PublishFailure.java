package io.backfill.messaging;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Why a write failed, sorted by what may help: waiting (the broker or the network), nothing for this
 * record (it is too large or cannot be serialised: retrying it forever is what wedged the planner), or
 * nothing for this producer (a newer instance with the same transactional id fenced it).
 */
public enum PublishFailure {
    /** Outage, timeout, leader move, a transaction aborted by another failure: the same write may pass later. */
    RETRIABLE,
    /** The record itself can never be written: too large, not serialisable, refused as invalid. */
    RECORD,
    /** This producer was fenced by a newer one with the same transactional id: it must stop writing. */
    FENCED;

    public static PublishFailure of(Throwable error) {
        boolean record = false;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return FENCED;
            }
            if (t instanceof RecordTooLargeException
                    || t instanceof RecordBatchTooLargeException
                    || t instanceof SerializationException) {
                record = true;
            }
        }
        if (record) {
            return RECORD;
        }
        Throwable cause = error;
        while (cause instanceof EventPublisher.PublishFailedException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RetriableException
                || cause instanceof TimeoutException
                || cause instanceof TransactionAbortedException
                // Credentials and versions are the service's configuration, never one record's fault.
                || cause instanceof AuthorizationException
                || cause instanceof AuthenticationException
                || cause instanceof UnsupportedVersionException
                || cause instanceof InterruptedException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return RETRIABLE;
        }
        // Any other refusal by the broker or the client (an ApiException that is not retriable) is about
        // the record: retrying it cannot succeed.
        return cause instanceof KafkaException ? RECORD : RETRIABLE;
    }
}
