package io.backfill.events.topics;

import java.util.Locale;

/**
 * Keys of {@link Topics#BACKFILL_PHASE_STATUS}: {@code <backfillId>/<sequence>}, the sequence
 * zero-padded to eight digits. A backfill id never contains '/' (ids are letters, digits, '.', '_'
 * and '-'), so the key names its backfill unambiguously, and because the sequence is padded, the keys
 * of one backfill sort in phase order: a store can page through them with a range scan.
 */
public final class PhaseStatusKey {

    /** Eight digits: up to 100 million phases, far beyond a million partitions. */
    private static final String FORMAT = "%s/%08d";

    private PhaseStatusKey() {}

    public static String of(String backfillId, int sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
        }
        return String.format(Locale.ROOT, FORMAT, backfillId, sequence);
    }

    /** @throws IllegalArgumentException when {@code key} is not a phase status key */
    public static String backfillId(String key) {
        return key.substring(0, separator(key));
    }

    /** @throws IllegalArgumentException when {@code key} is not a phase status key */
    public static int sequence(String key) {
        try {
            return Integer.parseInt(key.substring(separator(key) + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a phase status key: '" + key + "'", e);
        }
    }

    private static int separator(String key) {
        int slash = key.lastIndexOf('/');
        if (slash <= 0 || slash == key.length() - 1) {
            throw new IllegalArgumentException("not a phase status key: '" + key + "'");
        }
        return slash;
    }
}
