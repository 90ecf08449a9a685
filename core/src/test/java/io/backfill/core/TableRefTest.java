package io.backfill.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableRefTest {

    @Test
    void parsesSchemaQualifiedName() {
        assertThat(TableRef.parse("analytics.daily_revenue")).isEqualTo(new TableRef("analytics", "daily_revenue"));
    }

    @Test
    void refusesQuotesSemicolonsAndLookAlikeLetters() {
        assertThatThrownBy(() -> TableRef.parse("analytics.t\"; drop table x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TableRef("analytics", "t;x")).isInstanceOf(IllegalArgumentException.class);
        // Cyrillic 'а' looks like Latin 'a'
        assertThatThrownBy(() -> new TableRef("\u0430nalytics", "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNamesWithoutExactlyOneDot() {
        assertThatThrownBy(() -> TableRef.parse("daily_revenue")).hasMessageContaining("schema.table");
        assertThatThrownBy(() -> TableRef.parse("db.analytics.t")).hasMessageContaining("schema.table");
    }

    @Test
    void refusesIdentifiersLongerThan63Characters() {
        assertThat(TableRef.requireIdentifier("a".repeat(63), "table")).hasSize(63);
        assertThatThrownBy(() -> TableRef.requireIdentifier("a".repeat(64), "table"))
                .hasMessageContaining("invalid table identifier");
    }
}
