package io.backfill.warehouse.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedSqlTest {

    @Test
    void rewritesNamedParametersInOrderOfAppearance() {
        NamedSql sql = NamedSql.parse(
                "SELECT * FROM t WHERE a >= :partition_start AND a < :partition_end OR b = :partition_start");

        assertThat(sql.jdbcSql()).isEqualTo("SELECT * FROM t WHERE a >= ? AND a < ? OR b = ?");
        assertThat(sql.parameterNames()).containsExactly("partition_start", "partition_end", "partition_start");
    }

    @Test
    void leavesLiteralsCommentsQuotedNamesAndCastsAlone() {
        NamedSql sql = NamedSql.parse("SELECT ':not_a_param', \"col:x\", a::date -- :nor_this\n"
                + " /* :or_this */ FROM t WHERE a = :partition_start;  ");

        assertThat(sql.parameterNames()).containsExactly("partition_start");
        assertThat(sql.jdbcSql())
                .contains("':not_a_param'", "\"col:x\"", "a::date", "-- :nor_this", "/* :or_this */")
                .endsWith("a = ?");
    }

    @Test
    void refusesSecondStatementsAndBareMarkers() {
        assertThatThrownBy(() -> NamedSql.parse("SELECT 1; DROP TABLE t")).hasMessageContaining("single statement");
        assertThatThrownBy(() -> NamedSql.parse("SELECT * FROM t WHERE a = ?")).hasMessageContaining("'?'");
        assertThatThrownBy(() -> NamedSql.parse("SELECT 'unterminated")).hasMessageContaining("unterminated");
    }

    @Test
    void namesAnUnknownParameter() {
        NamedSql sql = NamedSql.parse("SELECT * FROM t WHERE a = :partition_begin");

        assertThatThrownBy(() -> sql.requireKnown(Map.of("partition_start", 1, "partition_end", 2)))
                .hasMessageContaining(":partition_begin");
    }
}
