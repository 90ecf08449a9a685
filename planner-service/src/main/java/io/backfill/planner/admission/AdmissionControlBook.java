package io.backfill.planner.admission;

import io.backfill.events.AdmissionControlChanged;
import io.backfill.events.AdmissionControlKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The planner's picture of its warehouse's operator controls, from {@code admission-control}: the latest
 * settings overrides and the manual throttles (the whole warehouse's and each backfill's), each the latest
 * change of its scope. It is fed both by the REST API (what it just published, so a GET right after a PUT
 * shows it) and by {@link AdmissionControlFeed} (everything on the topic, so the picture survives a restart);
 * a change older than the one it holds for the same scope is ignored, so the two feeding orders agree.
 * Expired throttles are never reported. Thread-safe.
 */
public final class AdmissionControlBook {

    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final String warehouseId;
    private AdmissionControlChanged settings;
    /** Latest THROTTLE or UNTHROTTLE per scope; the warehouse's scope is the empty string. */
    private final Map<String, AdmissionControlChanged> throttles = new HashMap<>();

    public AdmissionControlBook(String warehouseId) {
        this.warehouseId = warehouseId;
    }

    /** Takes one change of this warehouse; changes of other warehouses and unknown kinds are ignored. */
    public synchronized void apply(AdmissionControlChanged change) {
        if (!warehouseId.equals(change.getWarehouseId())) {
            return;
        }
        switch (change.getKind()) {
            case SETTINGS -> {
                if (settings == null || !change.getChangedAt().isBefore(settings.getChangedAt())) {
                    settings = change;
                }
            }
            case THROTTLE, UNTHROTTLE -> {
                String scope = scope(change.getBackfillId());
                AdmissionControlChanged held = throttles.get(scope);
                if (held == null || !change.getChangedAt().isBefore(held.getChangedAt())) {
                    throttles.put(scope, change);
                }
            }
            default -> {
                // a kind added after this planner: nothing it knows how to show
            }
        }
    }

    /** The latest settings change, if any was made. */
    public synchronized Optional<AdmissionControlChanged> settings() {
        return Optional.ofNullable(settings);
    }

    /** The throttles in force at {@code now}: the warehouse's first, then by backfill id. */
    public synchronized List<AdmissionControlChanged> activeThrottles(Instant now) {
        return throttles.values().stream()
                .filter(t -> active(t, now))
                .sorted(Comparator.comparing((AdmissionControlChanged t) -> scope(t.getBackfillId())))
                .toList();
    }

    /** The throttle in force at {@code now} on one scope (null: the whole warehouse). */
    public synchronized Optional<AdmissionControlChanged> activeThrottle(String backfillId, Instant now) {
        return Optional.ofNullable(throttles.get(scope(backfillId))).filter(t -> active(t, now));
    }

    /**
     * The manual throttle holding one backfill back at {@code now}, in words: its own throttle or the
     * warehouse's, the lower factor when both are in force.
     */
    public synchronized Optional<String> throttleReason(String backfillId, Instant now) {
        Optional<AdmissionControlChanged> own = activeThrottle(backfillId, now);
        Optional<AdmissionControlChanged> warehouse = activeThrottle(null, now);
        Optional<AdmissionControlChanged> limiting = own.isEmpty()
                ? warehouse
                : warehouse.isEmpty()
                                || own.get().getFactor() <= warehouse.get().getFactor()
                        ? own
                        : warehouse;
        return limiting.map(AdmissionControlBook::describe);
    }

    /** "manual throttle 0.0 by alice until 12:00:00Z: incident 42" (of this backfill / of the warehouse). */
    public static String describe(AdmissionControlChanged throttle) {
        return "manual throttle " + throttle.getFactor()
                + (throttle.getBackfillId() == null ? " of the warehouse" : " of backfill " + throttle.getBackfillId())
                + " by " + throttle.getChangedBy()
                + " until " + UNTIL.format(throttle.getExpiresAt())
                + (throttle.getReason() == null || throttle.getReason().isBlank() ? "" : ": " + throttle.getReason());
    }

    private static boolean active(AdmissionControlChanged change, Instant now) {
        return change.getKind() == AdmissionControlKind.THROTTLE
                && change.getExpiresAt() != null
                && change.getFactor() != null
                && change.getExpiresAt().isAfter(now);
    }

    private static String scope(String backfillId) {
        return backfillId == null ? "" : backfillId;
    }
}
