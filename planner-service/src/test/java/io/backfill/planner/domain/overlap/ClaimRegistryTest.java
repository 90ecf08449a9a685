package io.backfill.planner.domain.overlap;

import static org.assertj.core.api.Assertions.assertThat;

import io.backfill.core.PartitionGrain;
import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import org.junit.jupiter.api.Test;

class ClaimRegistryTest {

    private static final TableRef REVENUE = new TableRef("analytics", "daily_revenue");
    private static final TableRef ORDERS = new TableRef("analytics", "orders");

    private final ClaimRegistry registry = new ClaimRegistry();

    @Test
    void disjointRangesOnTheSameTableBothRun() {
        assertThat(registry.claim("a", REVENUE, days("2026-03-01", "2026-03-10")))
                .isEmpty();
        assertThat(registry.claim("b", REVENUE, days("2026-03-10", "2026-03-20")))
                .isEmpty();
    }

    @Test
    void overlappingRangeIsQueuedBehindTheLiveBackfill() {
        registry.claim("a", REVENUE, days("2026-03-01", "2026-03-10"));

        assertThat(registry.claim("b", REVENUE, days("2026-03-09", "2026-03-20")))
                .containsExactly("a");
    }

    @Test
    void sameRangeOnAnotherTableRuns() {
        registry.claim("a", REVENUE, days("2026-03-01", "2026-03-10"));

        assertThat(registry.claim("b", ORDERS, days("2026-03-01", "2026-03-10")))
                .isEmpty();
    }

    @Test
    void comparesRangesOfDifferentGrainsByInstant() {
        registry.claim("a", REVENUE, PartitionRange.of(PartitionGrain.MONTH, "UTC", "2026-03", "2026-04"));

        assertThat(registry.claim(
                        "b",
                        REVENUE,
                        PartitionRange.of(PartitionGrain.HOUR, "UTC", "2026-03-31T23:00", "2026-04-01T01:00")))
                .containsExactly("a");
    }

    @Test
    void queuedOverlappingBackfillsRunInArrivalOrder() {
        // given a running, b queued behind a, c overlapping only b
        registry.claim("a", REVENUE, days("2026-03-01", "2026-03-10"));
        registry.claim("b", REVENUE, days("2026-03-05", "2026-03-15"));
        assertThat(registry.claim("c", REVENUE, days("2026-03-12", "2026-03-20")))
                .containsExactly("b");

        // when a finishes, b may run; c still waits for b
        assertThat(registry.release("a")).containsExactly("b");
        assertThat(registry.blockersOf("c")).containsExactly("b");

        // when b finishes, c may run
        assertThat(registry.release("b")).containsExactly("c");
        assertThat(registry.blockersOf("c")).isEmpty();
    }

    @Test
    void claimingAgainWithTheSameIdGivesTheSameAnswer() {
        registry.claim("a", REVENUE, days("2026-03-01", "2026-03-10"));
        registry.claim("b", REVENUE, days("2026-03-01", "2026-03-10"));

        assertThat(registry.claim("b", REVENUE, days("2026-03-01", "2026-03-10")))
                .containsExactly("a");
        assertThat(registry.claim("a", REVENUE, days("2026-03-01", "2026-03-10")))
                .isEmpty();
    }

    private static PartitionRange days(String start, String end) {
        return PartitionRange.of(PartitionGrain.DAY, "UTC", start, end);
    }
}
