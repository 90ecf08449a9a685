package io.backfill.executor.messaging;

import io.backfill.executor.domain.admission.AdmissionConfig;
import java.util.Objects;

/**
 * What one executor instance is.
 *
 * @param executorId names the instance in progress events, client ids and logs
 * @param groupId the consumer group all executor instances of one warehouse share
 * @param warehouseId the warehouse this instance serves: phases for others are skipped, and only
 *     this warehouse's load samples count
 * @param admission admission control (strategy, targets, caps)
 * @param consumer consumer-group tuning
 */
public record ExecutorSettings(
        String executorId, String groupId, String warehouseId, AdmissionConfig admission, ConsumerTuning consumer) {

    public ExecutorSettings {
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(warehouseId, "warehouseId");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(consumer, "consumer");
    }
}
