package io.backfill.planner.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HistoryIndexTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static HistoryEvent event(String type, long millis) {
        return new HistoryEvent(T0.plusMillis(millis), "t", type, null, null, null, type, Map.of());
    }

    static HistoryIndex.Position at(long millis, int rank, long offset) {
        return new HistoryIndex.Position(T0.toEpochMilli() + millis, rank, 0, offset);
    }

    @Test
    void ordersEventsByTimestampThenTopicRankThenOffsetWhateverTheArrivalOrder() {
        HistoryIndex index = new HistoryIndex(200, 1000);
        index.add("bf", at(10, 4, 7), event("STAGED", 10));
        index.add("bf", at(0, 0, 3), event("REQUESTED", 0));
        index.add("bf", at(10, 2, 9), event("RUNNING", 10));
        index.add("bf", at(10, 4, 5), event("PHASE_STARTED", 10));

        assertThat(index.page("bf", 0, 10).orElseThrow().events())
                .extracting(HistoryEvent::type)
                .containsExactly("REQUESTED", "RUNNING", "PHASE_STARTED", "STAGED");
    }

    @Test
    void pagesWithOffsetAndLimitAndKnowsNothingOfAnUnknownBackfill() {
        HistoryIndex index = new HistoryIndex(200, 1000);
        for (int i = 0; i < 5; i++) {
            index.add("bf", at(i, 0, i), event("E" + i, i));
        }
        HistoryIndex.Page page = index.page("bf", 2, 2).orElseThrow();
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.offset()).isEqualTo(2);
        assertThat(page.events()).extracting(HistoryEvent::type).containsExactly("E2", "E3");
        assertThat(index.page("bf", 9, 2).orElseThrow().events()).isEmpty();
        assertThat(index.page("other", 0, 2)).isEmpty();
    }

    @Test
    void keepsTheHeadAndTheMostRecentEventsOfALongHistoryAndSaysHowManyWereOmitted() {
        HistoryIndex index = new HistoryIndex(150, 1000);
        for (int i = 0; i < 200; i++) {
            index.add("bf", at(i, 0, i), event("E" + i, i));
        }
        HistoryIndex.Page page = index.page("bf", 0, 1000).orElseThrow();
        assertThat(page.total()).isEqualTo(151);
        assertThat(page.events().get(99).type()).isEqualTo("E99");
        assertThat(page.events().get(100)).satisfies(marker -> {
            assertThat(marker.type()).isEqualTo("OMITTED");
            assertThat(marker.details()).containsEntry("omitted", 50L);
        });
        assertThat(page.events().get(101).type()).isEqualTo("E150");
        assertThat(page.events().getLast().type()).isEqualTo("E199");
    }

    @Test
    void forgetsTheBackfillWithTheOldestLatestEventWhenTheTotalBoundIsReached() {
        HistoryIndex index = new HistoryIndex(101, 202);
        for (int i = 0; i < 101; i++) {
            index.add("old", at(i, 0, i), event("O", i));
            index.add("new", at(1000 + i, 0, i), event("N", 1000 + i));
        }
        index.add("newest", at(5000, 0, 0), event("X", 5000));

        assertThat(index.page("old", 0, 1)).isEmpty();
        assertThat(index.page("new", 0, 1)).isPresent();
        assertThat(index.page("newest", 0, 1)).isPresent();
        assertThat(index.size()).isEqualTo(102);
        assertThat(index.forgotten()).isEqualTo(1);
    }
}
