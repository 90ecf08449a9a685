package io.backfill.events.topics;

/**
 * Keys of {@link Topics#ADMISSION_CONTROL}: one per thing an operator sets, so compaction keeps the latest of
 * each and never lets a throttle erase the settings (or one backfill's throttle another's). Readers act on the
 * record's fields, not on the key.
 */
public final class AdmissionControlKey {

    private AdmissionControlKey() {}

    /** The warehouse's settings overrides: {@code warehouseId/settings}. */
    public static String settings(String warehouseId) {
        return warehouseId + "/settings";
    }

    /**
     * A manual throttle: {@code warehouseId/throttle} for the whole warehouse ({@code backfillId} null),
     * {@code warehouseId/throttle/backfillId} for one backfill; its UNTHROTTLE has the same key.
     */
    public static String throttle(String warehouseId, String backfillId) {
        return backfillId == null ? warehouseId + "/throttle" : warehouseId + "/throttle/" + backfillId;
    }
}
