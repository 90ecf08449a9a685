package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CoreSplitTest {

    @Test
    void twoCoresGiveTheWarehouseOneAndTheRestTheOther() {
        assertThat(CoreSplit.warehouse(2)).isEqualTo("1");
        assertThat(CoreSplit.coordinator(2)).isEqualTo("0");
    }

    @Test
    void moreCoresAreSplitInHalves() {
        assertThat(CoreSplit.warehouse(8)).isEqualTo("4-7");
        assertThat(CoreSplit.coordinator(8)).isEqualTo("0-3");
    }
}
