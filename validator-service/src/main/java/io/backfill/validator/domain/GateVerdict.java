package io.backfill.validator.domain;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The gate's decision on one staged phase with every outcome behind it. The rule is deliberately blunt:
 * COMMIT if and only if no outcome is FAIL or ERROR. Non-blocking checks never produce FAIL (their
 * failures arrive here as WARN), and ERROR always rejects because an unmeasured check proves nothing.
 *
 * @param decision COMMIT or REJECT
 * @param outcomes every outcome, in declaration order of the checks and partition order within a check
 * @param summary one line for alerts and logs naming the failed checks and by how much
 */
public record GateVerdict(GateDecision decision, List<CheckOutcome> outcomes, String summary) {

    /** How many failures the summary names before it only counts the rest. */
    static final int SUMMARY_LIMIT = 5;

    public GateVerdict {
        outcomes = List.copyOf(outcomes);
    }

    /** Decides from the outcomes and writes the summary. */
    public static GateVerdict of(List<CheckOutcome> outcomes) {
        List<CheckOutcome> rejecting =
                outcomes.stream().filter(o -> o.status().rejects()).toList();
        long warnings =
                outcomes.stream().filter(o -> o.status() == CheckStatus.WARN).count();
        long passed =
                outcomes.stream().filter(o -> o.status() == CheckStatus.PASS).count();
        GateDecision decision = rejecting.isEmpty() ? GateDecision.COMMIT : GateDecision.REJECT;
        return new GateVerdict(decision, outcomes, summarise(decision, outcomes.size(), passed, rejecting, warnings));
    }

    public boolean commits() {
        return decision == GateDecision.COMMIT;
    }

    /** The outcomes that made the gate reject, empty on COMMIT. */
    public List<CheckOutcome> rejecting() {
        return outcomes.stream().filter(o -> o.status().rejects()).toList();
    }

    private static String summarise(
            GateDecision decision, int total, long passed, List<CheckOutcome> rejecting, long warnings) {
        String warned = warnings == 0 ? "" : ", " + warnings + " warning" + (warnings == 1 ? "" : "s");
        if (decision == GateDecision.COMMIT) {
            return "COMMIT: " + passed + " of " + total + " outcome" + (total == 1 ? "" : "s") + " passed" + warned;
        }
        String named = rejecting.stream()
                .limit(SUMMARY_LIMIT)
                .map(GateVerdict::describe)
                .collect(Collectors.joining("; "));
        String more = rejecting.size() > SUMMARY_LIMIT ? "; and " + (rejecting.size() - SUMMARY_LIMIT) + " more" : "";
        // Database errors span lines; a summary is one line for alerts and logs.
        return ("REJECT: " + rejecting.size() + " of " + total + " outcomes failed" + warned + " - " + named + more)
                .replaceAll("\\s+", " ");
    }

    private static String describe(CheckOutcome o) {
        String where = o.name() + " [" + o.scope() + "] " + o.status();
        if (o.status() == CheckStatus.ERROR) {
            return where + ": " + o.detail();
        }
        return where + ": observed " + o.observed() + ", expected " + o.expected()
                + (o.detail() == null ? "" : " (" + o.detail() + ")");
    }
}
