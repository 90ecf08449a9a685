package io.backfill.planner.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeatmapTest {

    private static Heatmap.Partition partition(int i, String state) {
        return new Heatmap.Partition("p" + i, state, 10, 0.5, "b-p" + (i / 100), "RUNNING", "executor-1", 1, null);
    }

    @Test
    void foldsOneHundredThousandPartitionsIntoEqualCellsThatCountEveryPartition() {
        // given: 100,000 partitions, the first 30,000 published, one failed at 50,000, the rest planned
        Heatmap map = new Heatmap(100_000, 2_000);

        // when
        for (int i = 0; i < 100_000; i++) {
            map.add(partition(i, i < 30_000 ? "PUBLISHED" : i == 50_000 ? "FAILED" : "PLANNED"));
        }
        Heatmap.View view = map.view();

        // then
        assertThat(view.total()).isEqualTo(100_000);
        assertThat(view.partitionsPerCell()).isEqualTo(50);
        assertThat(view.cells()).hasSize(2_000);
        assertThat(view.cells()).allSatisfy(cell -> {
            assertThat(cell.partitions()).isEqualTo(50);
            assertThat(cell.detail()).isNull();
        });
        assertThat(view.cells().stream().mapToInt(Heatmap.Cell::partitions).sum())
                .isEqualTo(100_000);
        assertThat(view.cells().get(0).first()).isEqualTo("p0");
        assertThat(view.cells().get(0).last()).isEqualTo("p49");
        assertThat(view.cells().get(599).state()).isEqualTo("PUBLISHED");
        assertThat(view.cells().get(600).state()).isEqualTo("PLANNED");
        assertThat(view.cells().get(1_000).states()).isEqualTo(Map.of("FAILED", 1, "PLANNED", 49));
        assertThat(view.cells().get(1_000).state())
                .as("a failure is never averaged away")
                .isEqualTo("FAILED");
        assertThat(view.cells().get(0).rows()).isEqualTo(500);
        assertThat(view.cells().get(0).computeSeconds()).isEqualTo(25.0);
    }

    @Test
    void givesEachPartitionItsOwnCellWithItsDetailWhenTheyFit() {
        // given
        Heatmap map = new Heatmap(3, 2_000);

        // when
        map.add(partition(0, "PUBLISHED"));
        map.add(partition(1, "STAGED"));
        map.add(partition(2, "PLANNED"));
        Heatmap.View view = map.view();

        // then
        assertThat(view.partitionsPerCell()).isEqualTo(1);
        assertThat(view.cells()).extracting(Heatmap.Cell::state).containsExactly("PUBLISHED", "STAGED", "PLANNED");
        assertThat(view.cells().get(1).detail()).isEqualTo(partition(1, "STAGED"));
    }

    @Test
    void spreadsAnUnevenCountOverCellsDifferingByAtMostOne() {
        // given: 1,001 partitions in 10 cells
        Heatmap map = new Heatmap(1_001, 10);

        // when
        for (int i = 0; i < 1_001; i++) {
            map.add(partition(i, "PLANNED"));
        }

        // then
        List<Integer> sizes =
                map.view().cells().stream().map(Heatmap.Cell::partitions).toList();
        assertThat(sizes).hasSize(10);
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1_001);
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(100, 101));
    }

    @Test
    void leavesOutCellsOfPartitionsTheRecordsDoNotListYet() {
        // given: a plan of 100 partitions whose records list 40 so far
        Heatmap map = new Heatmap(100, 10);

        // when
        for (int i = 0; i < 40; i++) {
            map.add(partition(i, "PLANNED"));
        }

        // then
        assertThat(map.view().cells()).hasSize(4);
    }

    @Test
    void coloursAMixedCellByItsMajorityAndATieByTheMoreUrgentState() {
        assertThat(Heatmap.dominant(Map.of("PUBLISHED", 3, "PLANNED", 1))).isEqualTo("PUBLISHED");
        assertThat(Heatmap.dominant(Map.of("PUBLISHED", 2, "RUNNING", 2))).isEqualTo("RUNNING");
        assertThat(Heatmap.dominant(Map.of("PUBLISHED", 99, "REJECTED", 1))).isEqualTo("REJECTED");
    }

    @Test
    void showsAnUnstagedPartitionOfAPhaseInFlightAsRunning() {
        assertThat(Heatmap.displayState("PLANNED", "RUNNING")).isEqualTo("RUNNING");
        assertThat(Heatmap.displayState("PLANNED", "RELEASED")).isEqualTo("RUNNING");
        assertThat(Heatmap.displayState("PLANNED", "PAUSED")).isEqualTo("PAUSED");
        assertThat(Heatmap.displayState("PLANNED", "PLANNED")).isEqualTo("PLANNED");
        assertThat(Heatmap.displayState("STAGED", "RUNNING")).isEqualTo("STAGED");
    }

    @Test
    void refusesACellCountOutsideItsBounds() {
        assertThatThrownBy(() -> new Heatmap(10, 0)).hasMessageContaining("cells: must be 1 to 10000");
        assertThatThrownBy(() -> new Heatmap(10, 10_001)).hasMessageContaining("was 10001");
    }
}
