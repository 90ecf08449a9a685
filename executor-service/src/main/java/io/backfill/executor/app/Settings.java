package io.backfill.executor.app;

import io.backfill.core.window.WeeklySchedule;
import io.backfill.core.window.WeeklyWindowSyntax;
import io.backfill.executor.domain.admission.AdmissionConfig;
import io.backfill.executor.domain.admission.AdmissionStrategy;
import io.backfill.executor.domain.admission.AimdSettings;
import io.backfill.executor.domain.admission.LoadTargets;
import io.backfill.executor.domain.control.BudgetLawSettings;
import io.backfill.executor.domain.control.ControllerSettings;
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
                peakWindows(a.zone(), a.peakWindows().orElse(List.of())));
        return new AdmissionConfig(
                AdmissionStrategy.fromName(a.strategy()),
                a.instanceCap(),
                a.staticBudget(),
                a.maxSampleAge(),
                targets,
                new AimdSettings(
                        a.aimd().initialLimit(),
                        a.aimd().additiveIncrease(),
                        a.aimd().decreaseFactor()));
    }

    /**
     * {@code backfill.admission.peak-windows} read in {@code backfill.admission.zone}, in the weekly window
     * syntax. The config reader splits the list at every comma, also inside a day list
     * ({@code MON,WED 08:00-10:00}), so the pieces are joined back before reading.
     */
    static WeeklySchedule peakWindows(String zone, List<String> configured) {
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("backfill.admission.zone: unknown time zone '" + zone + "'", e);
        }
        try {
            return new WeeklySchedule(zoneId, WeeklyWindowSyntax.parseList(String.join(",", configured)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("backfill.admission.peak-windows: " + e.getMessage(), e);
        }
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
                s.baselineMinSamples(),
                s.canariesPerSample(),
                controller(s.controller()),
                peakWindows(
                        config.admission().zone(),
                        config.admission().peakWindows().orElse(List.of())));
    }

    static ControllerSettings controller(ExecutorConfig.Controller c) {
        ControllerSettings defaults = ControllerSettings.defaults();
        BudgetLawSettings d = defaults.law();
        BudgetLawSettings law = new BudgetLawSettings(
                c.targetLatencyRatio(),
                c.peakTargetLatencyRatio(),
                c.band(),
                c.ceilingLatencyRatio(),
                d.ceilingSamples(),
                c.minBudget(),
                c.maxBudget(),
                c.initialBudget(),
                d.minSettle(),
                d.increaseFactor(),
                d.minStep(),
                d.usedFraction(),
                d.hurtMemory());
        return new ControllerSettings(
                defaults.window(),
                defaults.tailWindow(),
                defaults.tailPercentile(),
                defaults.baselineWindow(),
                defaults.minQuietTicks(),
                c.probeInterval(),
                defaults.probeTicks(),
                defaults.maxHold(),
                defaults.idleWindow(),
                defaults.minBaseline(),
                law);
    }
}
