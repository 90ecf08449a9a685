package io.backfill.planner.app;

import io.backfill.service.ServiceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/**
 * Everything the planner is configured with ({@code backfill.*} in application.properties or env): the
 * registry and {@code create-topics} as every service has them ({@link ServiceConfig}), and its own.
 */
@ConfigMapping(prefix = "backfill")
public interface PlannerConfig extends ServiceConfig {

    Warehouse warehouse();

    Planner planner();

    StatusView statusView();

    History history();

    Load load();

    Alerts alerts();

    /** Consumer group whose committed offsets mark what the planner handled live. */
    @WithDefault("planner-service")
    String groupId();

    /** The warehouse this planner plans for (the requests' warehouseId); one active planner per warehouse. */
    @WithDefault("default")
    String warehouseId();

    /** Names this instance in client ids and logs. */
    @WithDefault("planner")
    String instanceId();

    /** The planner only reads the catalogue and row counts. */
    interface Warehouse extends ServiceConfig.WarehouseConnection {
        @Override
        @WithDefault("PT1M")
        Duration statementTimeout();
    }

    interface Planner {
        /** How often the scheduler releases phases and checks deadlines and stuck phases. */
        @WithDefault("PT1S")
        Duration tickInterval();

        /** Phases in flight over all backfills of the warehouse. */
        @WithDefault("8")
        int warehouseMaxPhasesInFlight();

        /** A releasable backfill not served for this long gets a phase before more urgent ones. */
        @WithDefault("PT10M")
        Duration starvationAfter();

        /**
         * A planner loop with no iteration for this long (stuck on one record, a write retried through an
         * outage) turns readiness DOWN, saying what it is busy with.
         */
        @WithDefault("PT30S")
        Duration stallAfter();

        /** A phase in flight with no progress for this long raises STUCK_PHASE. */
        @WithDefault("PT30M")
        Duration stuckAfter();

        /** Estimated cost a phase should approach when the request gives no targetPhaseSeconds. */
        @WithDefault("PT15M")
        Duration targetPhaseDuration();

        @WithDefault("1")
        int minPartitionsPerPhase();

        /** At most 1,000 (SplitPolicy.MAX_PARTITIONS_PER_PHASE): every record about a phase lists its partitions. */
        @WithDefault("100")
        int maxPartitionsPerPhase();

        /** Prior staging rate for cost estimates, before anything was observed. */
        @WithDefault("50000")
        double rowsPerSecond();

        /** Rows assumed for a partition the target does not hold yet. */
        @WithDefault("10000")
        long defaultPartitionRows();
    }

    /** The audit history ({@code GET /backfills/{id}/history}), rebuilt from the topics on start. */
    interface History {
        /** Events kept per backfill: the first 100 always, then the most recent. */
        @WithDefault("5000")
        int maxEventsPerBackfill();

        /** Events kept over all backfills: past it, the backfill with the oldest latest event is forgotten. */
        @WithDefault("200000")
        int maxEvents();
    }

    /** The warehouse's load picture, read from {@code warehouse-load}. */
    interface Load {
        /** How far back {@code GET /warehouse/load} can look (samples kept in memory). */
        @WithDefault("PT10M")
        Duration timeline();

        /** Samples kept at most (a sample every 5 s is 120 in 10 minutes). */
        @WithDefault("2000")
        int maxSamples();
    }

    interface Alerts {
        LoadBreach loadBreach();

        Webhook webhook();
    }

    /** LOAD_BREACH: the load stays above a limit for a sustained period while backfills run. */
    interface LoadBreach {
        /** Breach above this pressure (the executors' default hard ceiling is 0.9). */
        @WithDefault("0.9")
        double pressure();

        /** Breach also above this foreground latency ratio (canary / baseline), when set. */
        java.util.Optional<Double> latencyRatio();

        /** Every sample must stay above for this long. */
        @WithName("for")
        @WithDefault("PT1M")
        Duration sustainFor();
    }

    /** POSTs every alert on {@code backfill-alerts} to a webhook, when a URL is set. */
    interface Webhook {
        /** Slack incoming-webhook URL, or Alertmanager's {@code …/api/v2/alerts}; unset: no sink. */
        java.util.Optional<String> url();

        /** {@code slack} or {@code alertmanager}. */
        @WithDefault("slack")
        String format();

        /** Attempts per alert before giving up (logged, counted in backfill_alert_webhook_total). */
        @WithDefault("5")
        int maxAttempts();

        /** Wait after the first failed attempt, doubled after each (at most 30 s). */
        @WithDefault("PT1S")
        Duration backoff();

        @WithDefault("PT10S")
        Duration timeout();

        /** Consumer group of the sink: its committed offsets say which alerts were handled. */
        @WithDefault("backfill-alert-webhook")
        String groupId();
    }

    interface StatusView {
        /** Kafka Streams application id of the status view. */
        @WithDefault("planner-status-view")
        String applicationId();

        /** Kafka Streams state directory (lock files only: the store is in memory). */
        @WithDefault("${java.io.tmpdir}/backfill-planner-streams")
        String stateDir();

        @WithDefault("PT1S")
        Duration commitInterval();
    }
}
