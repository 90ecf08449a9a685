package io.backfill.messaging.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backfill.core.Partition;
import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreMappingTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void readsAnEventTableAsACoreTable() {
        // given
        io.backfill.events.TableRef event = new io.backfill.events.TableRef("analytics", "daily_revenue");

        // when
        TableRef table = CoreMapping.table(event);

        // then
        assertThat(table).isEqualTo(new TableRef("analytics", "daily_revenue"));
    }

    @Test
    void refusesAnEventTableThatIsNotAPlainIdentifier() {
        io.backfill.events.TableRef event = new io.backfill.events.TableRef("analytics", "t; DROP TABLE x");

        assertThatThrownBy(() -> CoreMapping.table(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid table identifier");
    }

    @Test
    void mapsEveryEventGrainToTheCoreGrainOfTheSameName() {
        for (io.backfill.events.PartitionGrain grain : io.backfill.events.PartitionGrain.values()) {
            assertThat(CoreMapping.grain(grain).name()).isEqualTo(grain.name());
        }
        assertThat(io.backfill.events.PartitionGrain.values()).hasSameSizeAs(PartitionGrain.values());
    }

    @Test
    void readsPartitionKeysInTheirZoneAndKeepsTheirOrder() {
        // given: the two 02:00 hours of Berlin's fall-back night, later one first
        List<String> keys = List.of("2026-10-25T02:00+01:00", "2026-10-25T02:00+02:00");

        // when
        List<Partition> partitions =
                CoreMapping.partitions(io.backfill.events.PartitionGrain.HOUR, "Europe/Berlin", keys);

        // then
        assertThat(partitions)
                .containsExactly(
                        Partition.parse(PartitionGrain.HOUR, BERLIN, "2026-10-25T02:00+01:00"),
                        Partition.parse(PartitionGrain.HOUR, BERLIN, "2026-10-25T02:00+02:00"));
        assertThat(partitions).extracting(Partition::key).containsExactlyElementsOf(keys);
    }

    @Test
    void namesAKeyThatIsNotOfTheGrain() {
        assertThatThrownBy(() -> CoreMapping.partitions(
                        io.backfill.events.PartitionGrain.DAY, "UTC", List.of("2026-03-01", "2026-03")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2026-03' is not a DAY partition key");
    }

    @Test
    void namesAnUnknownTimeZoneAsAnIllegalArgument() {
        assertThatThrownBy(() -> CoreMapping.partitions(
                        io.backfill.events.PartitionGrain.DAY, "Mars/Olympus", List.of("2026-03-01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown time zone 'Mars/Olympus'");
    }

    @Test
    void readsAnEventRangeAsACoreRange() {
        // given
        io.backfill.events.PartitionRange event =
                eventRange(io.backfill.events.PartitionGrain.MONTH, "Europe/Berlin", "2026-01", "2026-04");

        // when
        PartitionRange range = CoreMapping.range(event);

        // then
        assertThat(range).isEqualTo(PartitionRange.of(PartitionGrain.MONTH, "Europe/Berlin", "2026-01", "2026-04"));
        assertThat(range.partitions()).extracting(Partition::key).containsExactly("2026-01", "2026-02", "2026-03");
    }

    @Test
    void namesTheUnreadableBoundOfAnEventRange() {
        io.backfill.events.PartitionRange event =
                eventRange(io.backfill.events.PartitionGrain.DAY, "UTC", "yesterday", "2026-03-01");

        assertThatThrownBy(() -> CoreMapping.range(event))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("range start 'yesterday'");
    }

    private static io.backfill.events.PartitionRange eventRange(
            io.backfill.events.PartitionGrain grain, String zone, String start, String end) {
        return io.backfill.events.PartitionRange.newBuilder()
                .setGrain(grain)
                .setTimeZone(zone)
                .setStart(start)
                .setEnd(end)
                .build();
    }
}
