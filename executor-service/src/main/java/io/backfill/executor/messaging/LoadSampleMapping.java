package io.backfill.executor.messaging;

import io.backfill.executor.domain.load.BudgetReading;
import io.backfill.executor.domain.load.LoadSample;
import io.backfill.executor.domain.load.RawLoadSignals;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Maps {@code warehouse-load}'s Avro {@code LoadSample} to and from the domain's twin. */
public final class LoadSampleMapping {

    private LoadSampleMapping() {}

    /** @throws IllegalArgumentException when a user's feed sends values outside the contract */
    public static LoadSample toDomain(io.backfill.events.LoadSample avro) {
        RawLoadSignals signals = new RawLoadSignals(
                optionalLong(avro.getActiveQueries()),
                optionalLong(avro.getWaitingQueries()),
                optionalLong(avro.getLockWaits()),
                optionalDouble(avro.getHostCpu()),
                optionalDouble(avro.getIoWait()),
                millis(avro.getCanaryLatencyMillis()),
                millis(avro.getCanaryBaselineMillis()));
        Optional<BudgetReading> budget = Optional.empty();
        if (avro.getWarehouseBudget() != null) {
            budget = Optional.of(new BudgetReading(
                    avro.getWarehouseBudget(),
                    avro.getLatencyRatio() == null ? Double.NaN : avro.getLatencyRatio(),
                    avro.getBudgetUsed() == null ? Double.NaN : avro.getBudgetUsed(),
                    avro.getControllerState() == null ? "holding" : avro.getControllerState(),
                    avro.getThrottleReason() == null ? "" : avro.getThrottleReason()));
        }
        return new LoadSample(avro.getWarehouseId(), avro.getSampledAt(), avro.getPressure(), signals, budget);
    }

    public static io.backfill.events.LoadSample toAvro(LoadSample sample, String source) {
        RawLoadSignals s = sample.signals();
        return io.backfill.events.LoadSample.newBuilder()
                .setWarehouseId(sample.warehouseId())
                .setSampledAt(sample.sampledAt())
                .setSource(source)
                .setPressure(sample.pressure())
                .setActiveQueries(
                        s.activeQueries().isPresent() ? (int) s.activeQueries().getAsLong() : null)
                .setWaitingQueries(
                        s.waitingQueries().isPresent()
                                ? (int) s.waitingQueries().getAsLong()
                                : null)
                .setLockWaits(s.lockWaits().isPresent() ? (int) s.lockWaits().getAsLong() : null)
                .setHostCpu(s.hostCpuBusy().isPresent() ? s.hostCpuBusy().getAsDouble() : null)
                .setIoWait(s.hostIoWait().isPresent() ? s.hostIoWait().getAsDouble() : null)
                .setCanaryLatencyMillis(
                        s.canaryLatency().map(d -> d.toNanos() / 1e6).orElse(null))
                .setCanaryBaselineMillis(
                        s.canaryBaseline().map(d -> d.toNanos() / 1e6).orElse(null))
                .setWarehouseBudget(sample.budget().map(BudgetReading::budget).orElse(null))
                .setLatencyRatio(sample.budget()
                        .map(BudgetReading::latencyRatio)
                        .filter(Double::isFinite)
                        .orElse(null))
                .setBudgetUsed(sample.budget()
                        .map(BudgetReading::used)
                        .filter(Double::isFinite)
                        .orElse(null))
                .setControllerState(sample.budget().map(BudgetReading::state).orElse(null))
                .setThrottleReason(sample.budget().map(BudgetReading::reason).orElse(null))
                .build();
    }

    private static OptionalLong optionalLong(Integer value) {
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static OptionalDouble optionalDouble(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private static Optional<Duration> millis(Double value) {
        return value == null ? Optional.empty() : Optional.of(Duration.ofNanos((long) (value * 1_000_000)));
    }
}
