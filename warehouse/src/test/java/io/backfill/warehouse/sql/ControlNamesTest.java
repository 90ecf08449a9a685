package io.backfill.warehouse.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.TableRef;
import org.junit.jupiter.api.Test;

class ControlNamesTest {

    @Test
    void namesStagingAndCorridorAfterTheTarget() {
        ControlNames names = new ControlNames("backfill_control");
        TableRef target = new TableRef("sales", "orders");

        assertThat(names.staging(target)).isEqualTo(new TableRef("backfill_control", "stg__sales__orders"));
        assertThat(names.corridor(target)).isEqualTo(new TableRef("backfill_control", "crd__sales__orders"));
    }

    @Test
    void shortensLongNamesKeepingThemDistinct() {
        ControlNames names = new ControlNames("ctl");
        String longTable = "t".repeat(60);

        TableRef first = names.staging(new TableRef("schema_a", longTable));
        TableRef second = names.staging(new TableRef("schema_b", longTable));

        assertThat(first.table()).hasSizeLessThanOrEqualTo(63);
        assertThat(first).isNotEqualTo(second);
    }
}
