package io.backfill.executor.app;

import io.backfill.service.ServiceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the executor (and its optional load-sampler role) is configured with: {@code backfill.*};
 * the registry and {@code create-topics} as every service has them ({@link ServiceConfig}).
 */
@ConfigMapping(prefix = "backfill")
public interface ExecutorConfig extends ServiceConfig {

    Warehouse warehouse();

    /** The warehouse this executor group serves: phases and load samples of other warehouses are ignored. */
    @WithDefault("default")
    String warehouseId();

    /** Consumer group of all executor instances of this warehouse. */
    @WithDefault("executor-service")
    String groupId();

    /** Names this instance in progress events and client ids; default: host name plus process id. */
    Optional<String> instanceId();

    Consumer consumer();

    Admission admission();

    LoadSampler loadSampler();

    interface Warehouse extends ServiceConfig.WarehouseConnection {
        /** Limit for every single statement, including one partition's staging. */
        @Override
        @WithDefault("PT10M")
        Duration statementTimeout();
    }

    interface Consumer {
        /** Bounds one poll-loop iteration and a revocation hand-over, never a phase (phases run off the loop). */
        @WithDefault("PT5M")
        Duration maxPollInterval();

        /** How soon a crashed instance's phases move to another instance. */
        @WithDefault("PT45S")
        Duration sessionTimeout();

        /** Where a brand-new group starts on backfill-phases. */
        @WithDefault("earliest")
        String autoOffsetReset();

        /** How long a revocation waits for running partitions of revoked phases. */
        @WithDefault("PT20S")
        Duration revocationGrace();
    }

    interface Admission {
        /** adaptive (AIMD on warehouse pressure), static (fixed work budget) or none (unthrottled). */
        @WithDefault("adaptive")
        String strategy();

        /** Most partitions this instance stages at once, whatever the strategy. */
        @WithDefault("8")
        int instanceCap();

        /**
         * Work budget of the static strategy, in statement-seconds per second: the average number of
         * statements running (fractional allowed, e.g. 0.5; finite and positive).
         */
        @WithDefault("2")
        double staticBudget();

        /** A load sample older than this counts as no sample: admission stops. */
        @WithDefault("PT30S")
        Duration maxSampleAge();

        @WithDefault("0.7")
        double offPeakTarget();

        @WithDefault("0.5")
        double peakTarget();

        /** Above this pressure nothing new starts and consumption of new phases pauses. */
        @WithDefault("0.9")
        double hardCeiling();

        /** Time zone the peak windows are read in. */
        @WithDefault("UTC")
        String zone();

        /** Peak windows, e.g. "MON-FRI 08:00-18:00"; none by default. */
        Optional<List<String>> peakWindows();

        Aimd aimd();
    }

    interface Aimd {
        @WithDefault("1")
        double initialLimit();

        @WithDefault("1")
        double additiveIncrease();

        @WithDefault("0.7")
        double decreaseFactor();
    }

    interface LoadSampler {
        /** Run the load sampler role in this instance (one per warehouse). */
        @WithDefault("false")
        boolean enabled();

        /** Time between two samples; the canaries of a sample are spread over it. */
        @WithDefault("PT1S")
        Duration interval();

        /** Canary runs per sample: the controller's windows need several per second. */
        @WithDefault("4")
        int canariesPerSample();

        /** The warehouse budget controller this sampler runs when it leads its warehouse. */
        Controller controller();

        /** A small representative read-only query; its latency against its baseline is one signal. */
        @WithDefault("SELECT 1")
        String canarySql();

        /** Read host CPU and IO wait from /proc/stat: only when the warehouse runs on this host. */
        @WithDefault("false")
        boolean hostMetrics();

        Capacity capacity();

        @WithDefault("720")
        int baselineWindow();

        @WithDefault("0.1")
        double baselinePercentile();

        @WithDefault("12")
        int baselineMinSamples();
    }

    /** The latency-setpoint controller of the warehouse budget (see README, "Admission control"). */
    interface Controller {
        /** Foreground latency with the backfill over without it, to hold outside peak windows. */
        @WithDefault("1.2")
        double targetLatencyRatio();

        /** The ratio to hold inside {@code backfill.admission.peak-windows}. */
        @WithDefault("1.1")
        double peakTargetLatencyRatio();

        /** Half-width of the dead band around the target. */
        @WithDefault("0.1")
        double band();

        /** A ratio above this for two samples in a row stops new work. */
        @WithDefault("3.0")
        double ceilingLatencyRatio();

        /** Most statement-seconds per second for all executors of the warehouse together. */
        @WithDefault("8")
        double maxBudget();

        /** Where the budget starts (low, then probed upward). */
        @WithDefault("0.25")
        double initialBudget();

        /** The floor of the budget while not stopped. */
        @WithDefault("0.05")
        double minBudget();

        /** With no quiet canary for this long, a short probe hold measures the warehouse without backfill work. */
        @WithDefault("PT60S")
        Duration probeInterval();
    }

    interface Capacity {
        @WithDefault("20")
        int querySlots();

        @WithDefault("5")
        int waitingQueries();

        @WithDefault("5")
        int lockWaits();

        @WithDefault("0.9")
        double cpuBusy();

        @WithDefault("0.3")
        double ioWait();

        @WithDefault("3.0")
        double canarySlowdown();
    }
}
