package io.backfill.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void readsUserSystemAndReapedChildrenTicksAfterACommandNameWithSpaces() {
        // Fields 14-17 are utime, stime, cutime, cstime; the name "(a b) c)" has spaces and a parenthesis.
        String line = "4242 (a b) c) S 1 4242 4242 0 -1 4194560 100 0 0 0 700 50 30 20 20 0 1 0 1000 0 0";

        assertThat(ProcessCpu.parseTicks(line)).isEqualTo(700 + 50 + 30 + 20);
    }

    @Test
    void thisProcessHasUsedSomeCpu() {
        assertThat(ProcessCpu.treeSeconds(ProcessHandle.current().pid()))
                .hasValueSatisfying(s -> assertThat(s).isPositive());
    }
}
