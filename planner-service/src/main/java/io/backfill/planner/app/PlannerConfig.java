package io.backfill.planner.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Everything the planner is configured with ({@code backfill.*} in application.properties or env). */
@ConfigMapping(prefix = "backfill")
public interface PlannerConfig {

    Registry registry();

    Warehouse warehouse();

    Planner planner();

    StatusView statusView();

    /** Consumer group whose committed offsets mark what the planner handled live. */
    @WithDefault("planner-service")
    String groupId();

    /** Create missing topics on start (development and tests; production topics come from deploy/). */
    @WithDefault("false")
    boolean createTopics();

    /** The warehouse this planner plans for (the requests' warehouseId); one active planner per warehouse. */
    @WithDefault("default")
    String warehouseId();

    /** Names this instance in client ids and logs. */
    @WithDefault("planner")
    String instanceId();

    interface Registry {
        /** Apicurio core API, e.g. http://registry:8080/apis/registry/v3. */
        String url();

        /** Register schemas on first write: development and tests only. */
        @WithDefault("false")
        boolean autoRegister();
    }

    interface Warehouse {
        /** jdbc:postgresql://… or jdbc:duckdb:/path/file.duckdb; the planner only reads the catalogue and row counts. */
        String jdbcUrl();

        @WithDefault("postgres")
        String user();

        Optional<String> password();

        @WithDefault("backfill_control")
        String controlSchema();

        /** Schemas whose tables may be backfill targets. */
        @WithName("allowed-schemas")
        Set<String> allowedSchemas();

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

        /** A phase in flight with no progress for this long raises STUCK_PHASE. */
        @WithDefault("PT30M")
        Duration stuckAfter();

        /** Estimated cost a phase should approach when the request gives no targetPhaseSeconds. */
        @WithDefault("PT15M")
        Duration targetPhaseDuration();

        @WithDefault("1")
        int minPartitionsPerPhase();

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
