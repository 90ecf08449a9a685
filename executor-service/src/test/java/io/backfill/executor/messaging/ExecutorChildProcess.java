package io.backfill.executor.messaging;

import io.backfill.events.serde.RegistrySettings;
import io.backfill.messaging.KafkaSettings;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseLocation;
import io.backfill.warehouse.WarehouseSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * An executor instance in its own JVM, for the test that kills one with SIGKILL mid-phase. Configured
 * by system properties; prints {@code READY} on stdout once it owns every partition of
 * {@code backfill-phases}, then runs until killed.
 */
public final class ExecutorChildProcess {

    private ExecutorChildProcess() {}

    public static void main(String[] args) throws Exception {
        String schema = System.getProperty("it.schema");
        Warehouse warehouse = new WarehouseLocation(System.getProperty("it.jdbc-url"), "postgres", "")
                .open(WarehouseSettings.of(schema, Set.of(schema)));
        KafkaSettings kafka = new KafkaSettings(
                System.getProperty("it.bootstrap"),
                new RegistrySettings(System.getProperty("it.registry"), true),
                System.getProperty("it.executor-id"));
        ExecutorNode node = new ExecutorNode(
                new ExecutorSettings(
                        System.getProperty("it.executor-id"),
                        System.getProperty("it.group"),
                        System.getProperty("it.warehouse-id"),
                        Fixture.staticAdmission(1),
                        Fixture.tuning(Duration.ofMinutes(1))),
                kafka,
                warehouse,
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        node.start();
        Fixture.awaitAssigned(node);
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join(); // until SIGKILL
    }
}
