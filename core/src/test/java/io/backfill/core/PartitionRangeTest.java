package io.backfill.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartitionRangeTest {

    @Test
    void listsHalfOpenPartitionsInOrder() {
        PartitionRange range = PartitionRange.of(PartitionGrain.DAY, "UTC", "2026-02-27", "2026-03-02");

        assertThat(range.partitions())
                .extracting(Partition::key)
                .containsExactly("2026-02-27", "2026-02-28", "2026-03-01");
    }

    @Test
    void hasTwentyFiveHourPartitionsOnAFallBackDay() {
        PartitionRange range =
                PartitionRange.of(PartitionGrain.HOUR, "Europe/Berlin", "2026-10-25T00:00", "2026-10-26T00:00");

        assertThat(range.partitions()).hasSize(25);
    }

    @Test
    void reportsEmptyAndMisalignedRanges() {
        PartitionRange range = PartitionRange.of(PartitionGrain.MONTH, "UTC", "2026-03-15", "2026-03-01");

        assertThat(range.problems())
                .anyMatch(p -> p.startsWith("range start") && p.contains("not aligned"))
                .anyMatch(p -> p.startsWith("range is empty"));
        assertThatThrownBy(range::partitions).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesTheUnreadableBoundAndZone() {
        assertThatThrownBy(() -> PartitionRange.of(PartitionGrain.DAY, "UTC", "yesterday", "2026-03-01"))
                .hasMessageContaining("range start 'yesterday'");
        assertThatThrownBy(() -> PartitionRange.of(PartitionGrain.DAY, "Mars/Olympus", "2026-03-01", "2026-03-02"))
                .hasMessageContaining("unknown time zone 'Mars/Olympus'");
    }

    /**
     * Australia/Lord_Howe falls back by 30 minutes (2026-04-05 02:00 → 01:30): local 01:30-02:00
     * happens twice, so the partition starting at local 01:00 lasts 90 real minutes.
     */
    @Test
    void listsHourPartitionsAcrossAThirtyMinuteDstShift() {
        PartitionRange range =
                PartitionRange.of(PartitionGrain.HOUR, "Australia/Lord_Howe", "2026-04-05T00:00", "2026-04-05T04:00");

        assertThat(range.problems()).isEmpty();
        assertThat(range.partitions())
                .extracting(Partition::key)
                .containsExactly(
                        "2026-04-05T00:00+11:00",
                        "2026-04-05T01:00+11:00",
                        "2026-04-05T02:00+10:30",
                        "2026-04-05T03:00+10:30");
    }
}
