package io.backfill.executor.domain.admission;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What operators set at runtime for this executor's warehouse (gh-ost / freno style, from
 * {@code admission-control}): the latest admission settings overrides, and the manual throttles (the
 * whole warehouse's, and each backfill's), each with its expiry. Answers at its clock's instant: a throttle
 * past its expiry is simply not there any more, so a forgotten throttle lifts by itself.
 *
 * <p>A throttle factor is the share of admission left: 1 when no throttle is in force, 0 for "start no new
 * work" (running statements finish), 0.5 for half the budget. Each scope keeps only its latest change; a
 * change older than the one held is ignored, so a replay of the topic and live changes agree. Thread-safe:
 * changes arrive on the feed thread, workers ask on theirs.
 */
public final class OperatorControls {

    /** The name of a manual throttle's signal in an {@link AdmissionExplanation}. */
    public static final String SIGNAL = "manualThrottle";

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Settings overrides; a null field keeps the executor's configured value.
     *
     * @param targetLatencyRatio foreground latency ratio to steer to
     * @param peakTargetLatencyRatio the target inside peak windows
     * @param maxBudget the most work budget to admit, statement-seconds per second
     * @param hardCeilingRatio the latency ratio whose sustained breach stops new work
     * @param changedBy who set them
     * @param changedAt when
     */
    public record Settings(
            Double targetLatencyRatio,
            Double peakTargetLatencyRatio,
            Double maxBudget,
            Double hardCeilingRatio,
            String changedBy,
            Instant changedAt) {

        /** No overrides: every value as configured. */
        public static final Settings NONE = new Settings(null, null, null, null, null, Instant.EPOCH);

        public Settings {
            Objects.requireNonNull(changedAt, "changedAt");
        }
    }

    /**
     * One manual throttle.
     *
     * @param backfillId the backfill it holds back; null for the whole warehouse
     * @param factor share of admission left, in [0, 1)
     * @param expiresAt when it lifts by itself
     * @param changedBy who set it
     * @param reason why, may be null
     * @param changedAt when it was set
     */
    public record Throttle(
            String backfillId, double factor, Instant expiresAt, String changedBy, String reason, Instant changedAt) {

        public Throttle {
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(changedAt, "changedAt");
            if (!(factor >= 0 && factor < 1)) {
                throw new IllegalArgumentException("a throttle factor is in [0, 1): " + factor);
            }
        }

        /** "manual throttle 0.0 of the warehouse by alice until 12:00:00Z: incident 42". */
        public String describe() {
            return "manual throttle " + factor
                    + (backfillId == null ? " of the warehouse" : " of backfill " + backfillId)
                    + " by " + changedBy + " until " + UNTIL.format(expiresAt)
                    + (reason == null || reason.isBlank() ? "" : ": " + reason);
        }

        boolean inForce(Instant now) {
            return expiresAt.isAfter(now);
        }
    }

    private final Clock clock;
    private Settings settings = Settings.NONE;
    /** The latest change per scope (the warehouse's is ""): a throttle, or empty once lifted. */
    private final Map<String, Optional<Throttle>> throttles = new HashMap<>();

    private final Map<String, Instant> changedAt = new HashMap<>();

    public OperatorControls(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Replaces the settings overrides, unless {@code next} is older than those held. */
    public synchronized void settings(Settings next) {
        if (!next.changedAt().isBefore(settings.changedAt())) {
            settings = next;
        }
    }

    /** Sets the throttle of its scope, unless a newer change of that scope is held. */
    public synchronized void throttle(Throttle throttle) {
        if (newest(scope(throttle.backfillId()), throttle.changedAt())) {
            throttles.put(scope(throttle.backfillId()), Optional.of(throttle));
        }
    }

    /** Lifts the throttle of one scope (null: the warehouse's), unless a newer change of that scope is held. */
    public synchronized void unthrottle(String backfillId, Instant at) {
        if (newest(scope(backfillId), at)) {
            throttles.put(scope(backfillId), Optional.empty());
        }
    }

    /** The settings overrides in force ({@link Settings#NONE} when none were set). */
    public synchronized Settings settings() {
        return settings;
    }

    /** The share of the warehouse's admission left now: the warehouse throttle's factor, 1 when none. */
    public double warehouseFactor() {
        return warehouseThrottle().map(Throttle::factor).orElse(1.0);
    }

    /** The share left now for one backfill by its own throttle, 1 when none (the warehouse's applies too). */
    public double backfillFactor(String backfillId) {
        return backfillThrottle(backfillId).map(Throttle::factor).orElse(1.0);
    }

    public synchronized Optional<Throttle> warehouseThrottle() {
        return inForce("");
    }

    /** One backfill's own throttle in force now (not the warehouse's). */
    public synchronized Optional<Throttle> backfillThrottle(String backfillId) {
        return backfillId == null ? Optional.empty() : inForce(backfillId);
    }

    /** Every throttle in force now: the warehouse's first, then by backfill. */
    public synchronized List<Throttle> activeThrottles() {
        Instant now = clock.instant();
        return throttles.values().stream()
                .flatMap(Optional::stream)
                .filter(t -> t.inForce(now))
                .sorted(Comparator.comparing((Throttle t) -> scope(t.backfillId())))
                .toList();
    }

    /**
     * The throttles in force now as signals, value = factor, threshold = 1 (below it, admission is cut):
     * {@code manualThrottle} for the warehouse (limiting: it holds every start back) and
     * {@code manualThrottle[backfillId]} for one backfill (not limiting the instance as a whole).
     */
    public List<AdmissionExplanation.Signal> signals() {
        List<AdmissionExplanation.Signal> signals = new ArrayList<>();
        for (Throttle t : activeThrottles()) {
            signals.add(new AdmissionExplanation.Signal(
                    t.backfillId() == null ? SIGNAL : SIGNAL + "[" + t.backfillId() + "]",
                    t.factor(),
                    1.0,
                    "x",
                    t.backfillId() == null));
        }
        return signals;
    }

    private Optional<Throttle> inForce(String scope) {
        Instant now = clock.instant();
        return throttles.getOrDefault(scope, Optional.empty()).filter(t -> t.inForce(now));
    }

    private boolean newest(String scope, Instant at) {
        Instant held = changedAt.get(scope);
        if (held != null && at.isBefore(held)) {
            return false;
        }
        changedAt.put(scope, at);
        return true;
    }

    private static String scope(String backfillId) {
        return backfillId == null ? "" : backfillId;
    }
}
