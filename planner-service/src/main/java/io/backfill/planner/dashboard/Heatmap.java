package io.backfill.planner.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A backfill's partitions folded into at most {@code maxCells} heatmap cells, in partition order. Cell
 * {@code i} of {@code n} covers the partitions {@code [i·total/n, (i+1)·total/n)}, so every cell holds
 * the same number of partitions (give or take one) and the whole range fits the page however large it
 * is: 100,000 partitions in 2,000 cells are 50 a cell. A cell counts its partitions by state and sums
 * their rows and compute; a cell of a single partition also names its phase, executor, attempt and gate
 * decision (what the page shows on hover).
 *
 * <p>Partitions are fed one at a time in order ({@link #add}), so building never holds more than the
 * cells: the caller streams the phase records a page at a time.
 */
public final class Heatmap {

    /** The most cells an answer may hold: enough for a wide screen, small enough to draw every second. */
    public static final int MAX_CELLS = 10_000;

    /**
     * The display state of a partition: its own state, except that a partition not yet staged in a phase
     * an executor holds is {@code RUNNING} (it is being worked on now, or will be in this attempt).
     */
    public static String displayState(String partitionState, String phaseState) {
        if ("PLANNED".equals(partitionState)) {
            return switch (phaseState) {
                case "RELEASED", "RUNNING" -> "RUNNING";
                case "PAUSED" -> "PAUSED";
                default -> partitionState;
            };
        }
        return partitionState;
    }

    /** One partition as the heatmap sees it. */
    public record Partition(
            String partition,
            String state,
            long rows,
            double computeSeconds,
            String phaseId,
            String phaseState,
            String executorId,
            int attempt,
            String decision) {}

    /**
     * One cell: its first and last partition, how many partitions it covers, their counts by display
     * state, the state it is coloured by ({@code state}: FAILED or REJECTED as soon as one partition is,
     * so aggregation never hides a failure; otherwise the most frequent, ties broken towards the most
     * urgent), and the sums of rows and compute. {@code detail} is the partition itself when the cell
     * covers exactly one, else null.
     */
    public record Cell(
            int index,
            String first,
            String last,
            int partitions,
            Map<String, Integer> states,
            String state,
            long rows,
            double computeSeconds,
            Partition detail) {}

    /** The answer: {@code partitionsPerCell} is the largest count a cell holds. */
    public record View(int total, int partitionsPerCell, List<Cell> cells) {}

    /** Most urgent first: a tie in a cell is coloured by the state an on-call engineer must see. */
    private static final List<String> URGENCY = List.of(
            "FAILED", "REJECTED", "ROLLED_BACK", "PAUSED", "RUNNING", "STAGED", "DISCARDED", "PUBLISHED", "PLANNED");

    /** States that colour a cell whatever else it holds. */
    private static final List<String> ALARMS = List.of("FAILED", "REJECTED");

    private final int total;
    private final int cellCount;
    private final List<Cell> cells;
    private int seen;

    // The cell being filled.
    private int cellIndex;
    private int cellEnd;
    private String first;
    private String last;
    private int inCell;
    private Map<String, Integer> states = new TreeMap<>();
    private long rows;
    private double compute;
    private Partition only;

    /**
     * @param total partitions the backfill has (the status' {@code partitionsTotal})
     * @param maxCells at most this many cells (1 to {@link #MAX_CELLS})
     */
    public Heatmap(int total, int maxCells) {
        if (total < 0) {
            throw new IllegalArgumentException("total must not be negative, was " + total);
        }
        if (maxCells < 1 || maxCells > MAX_CELLS) {
            throw new IllegalArgumentException("cells: must be 1 to " + MAX_CELLS + ", was " + maxCells);
        }
        this.total = total;
        this.cellCount = Math.min(total, maxCells);
        this.cells = new ArrayList<>(cellCount);
        this.cellEnd = end(0);
    }

    /** The next partition in range order; partitions past {@code total} are ignored. */
    public void add(Partition p) {
        if (seen >= total) {
            return;
        }
        if (inCell == 0) {
            first = p.partition();
        }
        last = p.partition();
        inCell++;
        seen++;
        states.merge(p.state(), 1, Integer::sum);
        rows += p.rows();
        compute += p.computeSeconds();
        only = inCell == 1 ? p : null;
        if (seen == cellEnd) {
            closeCell();
        }
    }

    /**
     * The cells. Partitions the records did not list (a plan still being written) are left out, so the
     * last cells may be missing: the page draws them as not known yet.
     */
    public View view() {
        if (inCell > 0) {
            closeCell();
        }
        int perCell = cellCount == 0 ? 0 : (int) Math.ceil((double) total / cellCount);
        return new View(total, perCell, List.copyOf(cells));
    }

    private void closeCell() {
        cells.add(new Cell(
                cellIndex,
                first,
                last,
                inCell,
                Map.copyOf(states),
                dominant(states),
                rows,
                Math.round(compute * 1000) / 1000.0,
                inCell == 1 ? only : null));
        cellIndex++;
        cellEnd = end(cellIndex);
        inCell = 0;
        states = new TreeMap<>();
        rows = 0;
        compute = 0;
        only = null;
    }

    /** One past the last partition (counted from 0) of cell {@code index}. */
    private int end(int index) {
        return cellCount == 0 ? 0 : (int) ((long) (index + 1) * total / cellCount);
    }

    static String dominant(Map<String, Integer> states) {
        for (String alarm : ALARMS) {
            if (states.getOrDefault(alarm, 0) > 0) {
                return alarm;
            }
        }
        String best = null;
        int bestCount = -1;
        for (Map.Entry<String, Integer> e : states.entrySet()) {
            int count = e.getValue();
            if (count > bestCount || (count == bestCount && urgency(e.getKey()) < urgency(best))) {
                best = e.getKey();
                bestCount = count;
            }
        }
        return best;
    }

    private static int urgency(String state) {
        int i = URGENCY.indexOf(state);
        return i < 0 ? URGENCY.size() : i;
    }
}
