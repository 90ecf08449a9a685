package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BenchDatabaseTest {

    @Test
    void replacesOnlyTheDatabaseOfTheServerUrl() {
        assertThat(BenchDatabase.databaseUrl("jdbc:postgresql://127.0.0.1:5432/postgres", "bench_x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/bench_x");
        assertThat(BenchDatabase.databaseUrl("jdbc:postgresql://db:6543/test?sslmode=disable", "bench_x"))
                .isEqualTo("jdbc:postgresql://db:6543/bench_x?sslmode=disable");
    }

    @Test
    void refusesWhatIsNotAPostgresUrl() {
        assertThatThrownBy(() -> BenchDatabase.databaseUrl("jdbc:duckdb:/tmp/x", "bench_x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://");
    }
}
