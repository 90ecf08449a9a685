package io.backfill.planner.domain.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides which phases to release now, across all backfills on one warehouse.
 *
 * <p>A candidate gets phases only inside its allowed windows, only from the phases its lifecycle
 * allows, and only up to its own max phases in flight; all together stay within the warehouse-wide
 * cap. That cap is enforced here rather than in executors so it holds however many executors run.
 *
 * <p>Order: least slack first, weighted by priority. Slack = deadline − projected finish (the
 * remaining work laid over the open windows); no deadline counts as a long {@code horizon}, and
 * slack beyond the horizon counts as the horizon, so a far-off deadline does not beat priority.
 * Positive slack is divided by {@code 1 + priority} and negative slack (already late) multiplied
 * by it, so among late backfills the important one goes first too. The most urgent candidate fills
 * its own cap before the next gets anything: finishing one backfill on time beats nudging all.
 *
 * <p>Guaranteed minimum share: a candidate that could run but has not been served for
 * {@code starvationAfter} gets one phase before the ordering applies. That bounds any backfill's
 * wait however busy the warehouse is with more urgent work.
 */
public final class PhaseScheduler {

    private final Clock clock;
    private final int warehouseCap;
    private final Duration starvationAfter;
    private final Duration horizon;

    public PhaseScheduler(Clock clock, int warehouseCap, Duration starvationAfter, Duration horizon) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (warehouseCap < 1) {
            throw new IllegalArgumentException("warehouseCap must be at least 1, was " + warehouseCap);
        }
        this.warehouseCap = warehouseCap;
        this.starvationAfter = Objects.requireNonNull(starvationAfter, "starvationAfter");
        this.horizon = Objects.requireNonNull(horizon, "horizon");
    }

    /** With a 30-day horizon, the order of magnitude of the longest backfills we plan for. */
    public PhaseScheduler(Clock clock, int warehouseCap, Duration starvationAfter) {
        this(clock, warehouseCap, starvationAfter, Duration.ofDays(30));
    }

    /** The phases to release now, in release order. */
    public List<Release> decide(List<Candidate> candidates) {
        Instant now = clock.instant();
        int slots =
                warehouseCap - candidates.stream().mapToInt(Candidate::inFlight).sum();
        List<Release> releases = new ArrayList<>();
        if (slots <= 0) {
            return releases;
        }
        List<Candidate> eligible = candidates.stream()
                .filter(c -> !c.releasablePhaseIds().isEmpty())
                .filter(c -> c.inFlight() < c.maxPhasesInFlight())
                .filter(c -> c.windows().allows(now))
                .toList();
        Map<String, Integer> given = new HashMap<>();

        // Starving first, longest-waiting first: the minimum share.
        List<Candidate> starving = eligible.stream()
                .filter(c -> !c.lastServedAt().plus(starvationAfter).isAfter(now))
                .sorted(Comparator.comparing(Candidate::lastServedAt).thenComparing(Candidate::backfillId))
                .toList();
        for (Candidate candidate : starving) {
            if (releases.size() == slots) {
                return releases;
            }
            give(candidate, 1, given, releases);
        }

        Comparator<Candidate> byUrgency = Comparator.comparingDouble((Candidate c) -> urgency(c, now))
                .thenComparing(Comparator.comparingInt(Candidate::priority).reversed())
                .thenComparing(Candidate::backfillId);
        for (Candidate candidate : eligible.stream().sorted(byUrgency).toList()) {
            give(candidate, slots - releases.size(), given, releases);
        }
        return releases;
    }

    /** Lower is more urgent; see the class comment. */
    double urgency(Candidate candidate, Instant now) {
        double horizonSeconds = horizon.toSeconds();
        double slack = candidate
                .deadline()
                .map(deadline -> slackSeconds(candidate, deadline, now))
                .map(s -> Math.min(s, horizonSeconds))
                .orElse(horizonSeconds);
        double weight = 1.0 + Math.max(0, candidate.priority());
        return slack >= 0 ? slack / weight : slack * weight;
    }

    private double slackSeconds(Candidate candidate, Instant deadline, Instant now) {
        Optional<Instant> finish = candidate.windows().finishAfter(now, candidate.remainingWork());
        // Windows that cannot fit the work at all: as late as we can express.
        return finish.map(f -> (double) Duration.between(f, deadline).toSeconds())
                .orElse(-horizon.toSeconds() * 1.0);
    }

    private static void give(Candidate candidate, int max, Map<String, Integer> given, List<Release> releases) {
        int already = given.getOrDefault(candidate.backfillId(), 0);
        int room = Math.min(
                        candidate.maxPhasesInFlight() - candidate.inFlight(),
                        candidate.releasablePhaseIds().size())
                - already;
        int count = Math.min(room, max);
        for (int i = 0; i < count; i++) {
            releases.add(new Release(
                    candidate.backfillId(), candidate.releasablePhaseIds().get(already + i)));
        }
        given.put(candidate.backfillId(), already + Math.max(count, 0));
    }
}
