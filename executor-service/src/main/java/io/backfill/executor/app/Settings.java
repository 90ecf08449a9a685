package io.backfill.executor.app;

import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import io.backfill.executor.domain.admission.AimdSettings;
import io.backfill.executor.domain.admission.LoadTargets;
import io.backfill.executor.domain.admission.PeakWindowSyntax;
import io.backfill.executor.domain.load.LoadCapacity;
import io.backfill.executor.messaging.ConsumerTuning;
import io.backfill.executor.messaging.ExecutorSettings;
import io.backfill.executor.sampler.LoadSamplerSettings;
import java.time.ZoneId;
import java.util.List;

/** Turns the flat {@link ExecutorConfig} into the plain settings records the node and sampler take. */
final class Settings {

    private Settings() {}

    static ExecutorSettings executor(ExecutorConfig config, String instanceId) {
        return new ExecutorSettings(
                instanceId, config.groupId(), config.warehouseId(), admission(config.admission()), consumer(config));
    }

    static AdmissionConfig admission(ExecutorConfig.Admission a) {
        LoadTargets targets = new LoadTargets(
                a.offPeakTarget(),
                a.peakTarget(),
                a.hardCeiling(),
                ZoneId.of(a.zone()),
                a.peakWindows().orElse(List.of()).stream()
                        .map(PeakWindowSyntax::parse)
                        .toList());
        return new AdmissionConfig(
                AdmissionStrategy.fromName(a.strategy()),
                a.instanceCap(),
                a.staticConcurrency(),
                a.maxSampleAge(),
                a.minStartSpacing(),
                targets,
                new AimdSettings(
                        a.aimd().initialLimit(),
                        a.aimd().additiveIncrease(),
                        a.aimd().decreaseFactor()));
    }

    private static ConsumerTuning consumer(ExecutorConfig config) {
        ExecutorConfig.Consumer c = config.consumer();
        return new ConsumerTuning(c.maxPollInterval(), c.sessionTimeout(), c.autoOffsetReset(), c.revocationGrace());
    }

    static LoadSamplerSettings sampler(ExecutorConfig config, String instanceId) {
        ExecutorConfig.LoadSampler s = config.loadSampler();
        ExecutorConfig.Capacity c = s.capacity();
        return new LoadSamplerSettings(
                config.warehouseId(),
                "load-sampler@" + instanceId,
                s.interval(),
                s.canarySql(),
                s.hostMetrics(),
                new LoadCapacity(
                        c.querySlots(), c.waitingQueries(), c.lockWaits(), c.cpuBusy(), c.ioWait(), c.canarySlowdown()),
                s.baselineWindow(),
                s.baselinePercentile(),
                s.baselineMinSamples());
    }
}
