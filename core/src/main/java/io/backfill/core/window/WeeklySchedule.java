package io.backfill.core.window;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Weekly windows read in one time zone (the rules are on {@link WeeklyWindow}). Where windows overlap,
 * their openings merge: time is counted once.
 *
 * <p>A schedule without windows is never open. What "no windows" means to a service is its own policy:
 * the executor then has no peak hours, the planner lets a backfill run at any time.
 *
 * @param zone the zone every window's wall-clock times are read in
 * @param windows the windows, in any order
 */
public record WeeklySchedule(ZoneId zone, List<WeeklyWindow> windows) {

    public WeeklySchedule {
        Objects.requireNonNull(zone, "zone");
        windows = List.copyOf(windows);
    }

    public static WeeklySchedule none(ZoneId zone) {
        return new WeeklySchedule(zone, List.of());
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }

    /** Whether any window is open at {@code at}. */
    public boolean contains(Instant at) {
        return windows.stream().anyMatch(w -> w.contains(at, zone));
    }

    /** The open time in {@code [from, to)}, as sorted, merged openings cut to that interval. */
    public List<Opening> openings(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            return List.of();
        }
        List<Opening> cut = new ArrayList<>();
        LocalDate last = to.atZone(zone).toLocalDate();
        // Start a day early: an opening from the evening before may reach into [from, to).
        for (LocalDate date = from.atZone(zone).toLocalDate().minusDays(1);
                !date.isAfter(last);
                date = date.plusDays(1)) {
            for (WeeklyWindow window : windows) {
                window.openingOn(date, zone).ifPresent(o -> {
                    Instant opens = o.opens().isAfter(from) ? o.opens() : from;
                    Instant closes = o.closes().isBefore(to) ? o.closes() : to;
                    if (opens.isBefore(closes)) {
                        cut.add(new Opening(opens, closes));
                    }
                });
            }
        }
        return merge(cut);
    }

    /** Total open time in {@code [from, to)}. */
    public Duration openTime(Instant from, Instant to) {
        return openings(from, to).stream().map(Opening::duration).reduce(Duration.ZERO, Duration::plus);
    }

    private static List<Opening> merge(List<Opening> openings) {
        openings.sort(Comparator.comparing(Opening::opens));
        List<Opening> merged = new ArrayList<>();
        for (Opening next : openings) {
            if (!merged.isEmpty() && !next.opens().isAfter(merged.getLast().closes())) {
                Opening last = merged.removeLast();
                Instant closes = next.closes().isAfter(last.closes()) ? next.closes() : last.closes();
                merged.add(new Opening(last.opens(), closes));
            } else {
                merged.add(next);
            }
        }
        return List.copyOf(merged);
    }
}
