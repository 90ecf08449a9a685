package io.backfill.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.core.TableRef;
import io.backfill.warehouse.testwarehouse.TestWarehouseProvider;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening warehouses by URL through the {@link WarehouseDialectProvider}s on the class path. */
class WarehouseLocationIT {

    private static final WarehouseSettings SETTINGS = WarehouseSettings.of("backfill_control", Set.of("wh"));

    @Test
    void opensAWarehouseOfADialectRegisteredOnlyThroughTheServiceLoader() {
        // given: a URL of the test-only kind registered in src/test/resources/META-INF/services
        WarehouseLocation location = new WarehouseLocation(TestWarehouseProvider.PREFIX, null, null);

        // when
        try (Warehouse warehouse = location.open(SETTINGS)) {
            TargetTable events = warehouse.describe(new TableRef("wh", "events"), "event_time");
            warehouse.prepare(events);

            // then: its dialect, and a working connection to the database its provider made
            assertThat(warehouse.dialect().name()).isEqualTo("testwarehouse");
            assertThat(events.kind()).isEqualTo(PartitionColumnKind.DATE);
            assertThat(events.columns()).extracting(ColumnInfo::name).containsExactly("event_time", "amount");
            assertThat(warehouse.canary("SELECT 1")).isPositive();
        }
    }

    @Test
    void opensDuckDbFilesAndInMemoryDatabasesThroughTheirProvider(@TempDir Path directory) {
        String file = "jdbc:duckdb:" + directory.resolve("warehouse.duckdb");

        try (Warehouse onFile = new WarehouseLocation(file, null, null).open(SETTINGS);
                Warehouse inMemory = new WarehouseLocation("jdbc:duckdb:", null, null).open(SETTINGS)) {
            assertThat(onFile.dialect().name()).isEqualTo("duckdb");
            assertThat(onFile.canary("SELECT 1")).isPositive();
            assertThat(inMemory.dialect().name()).isEqualTo("duckdb");
            assertThat(inMemory.canary("SELECT 1")).isPositive();
        }
        assertThat(directory.resolve("warehouse.duckdb")).exists();
    }

    @Test
    void picksPostgresByItsPrefixWithoutConnectingYet() {
        // PostgreSQL connects per call, so opening needs no server
        try (Warehouse warehouse =
                new WarehouseLocation("jdbc:postgresql://127.0.0.1:1/none", "nobody", null).open(SETTINGS)) {
            assertThat(warehouse.dialect().name()).isEqualTo("postgresql");
        }
    }

    @Test
    void refusesAUrlNoProviderAcceptsNamingEveryAcceptedPrefix() {
        WarehouseLocation location = new WarehouseLocation("jdbc:oracle:thin:@db:1521/orcl", "scott", "tiger");

        assertThatThrownBy(() -> location.open(SETTINGS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unsupported warehouse URL 'jdbc:oracle:thin:@db:1521/orcl': expected a URL"
                        + " starting with ")
                .hasMessageContainingAll("jdbc:postgresql:", "jdbc:duckdb:", TestWarehouseProvider.PREFIX);
    }
}
