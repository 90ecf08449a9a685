package io.backfill.planner.app;

import io.backfill.service.ServiceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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
