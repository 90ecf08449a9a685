package io.backfill.planner.messaging;

import io.backfill.events.Requester;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounds that keep every status record under {@link #RECORD_BOUND_BYTES} whatever a backfill's
 * size: the summary on {@code backfill-status} holds counts and a fixed number of clipped lines, and a
 * phase record on {@code backfill-phase-status} holds at most
 * {@link io.backfill.planner.domain.split.SplitPolicy#MAX_PARTITIONS_PER_PHASE} partitions plus
 * {@link #FAILED_CHECKS_KEPT} clipped lines. Free text comes from requests, the validator and the
 * warehouse, so it is clipped here, where the records are built, rather than trusted.
 */
public final class StatusLimits {

    /** What every status record must stay under (a quarter of Kafka's default 1 MB record limit). */
    public static final int RECORD_BOUND_BYTES = 256 * 1024;

    /** Longest text kept in one field or line; longer text ends in "…". */
    public static final int TEXT_CHARS = 500;

    /** Problems of a rejected request kept in the status; the alert names them all the same. */
    public static final int PROBLEMS_KEPT = 100;

    /** Failed-check lines kept per phase (one per check and partition that failed). */
    public static final int FAILED_CHECKS_KEPT = 50;

    private StatusLimits() {}

    public static String clip(String text) {
        if (text == null || text.length() <= TEXT_CHARS) {
            return text;
        }
        return text.substring(0, TEXT_CHARS - 1) + "…";
    }

    /** At most {@code kept} lines, each clipped; a last line says how many were left out. */
    public static List<String> lines(List<String> lines, int kept) {
        List<String> out = new ArrayList<>(Math.min(lines.size(), kept + 1));
        for (int i = 0; i < lines.size() && i < kept; i++) {
            out.add(clip(lines.get(i)));
        }
        if (lines.size() > kept) {
            out.add("… and " + (lines.size() - kept) + " more");
        }
        return List.copyOf(out);
    }

    public static Requester requester(Requester requester) {
        return Requester.newBuilder(requester)
                .setUser(clip(requester.getUser()))
                .setSource(clip(requester.getSource()))
                .setReason(clip(requester.getReason()))
                .build();
    }
}
