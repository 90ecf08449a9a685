package io.backfill.planner.messaging;

import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.core.window.WeeklyWindow;
import io.backfill.core.window.WeeklyWindowSyntax;
import io.backfill.events.BackfillRequested;
import io.backfill.events.Budget;
import io.backfill.events.CheckSpec;
import io.backfill.events.TimeWindow;
import io.backfill.messaging.mapping.CoreMapping;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.FailurePolicy;
import io.backfill.planner.domain.RolloutMode;
import io.backfill.planner.domain.validation.CheckRequest;
import io.backfill.planner.domain.window.WindowPolicy;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code BackfillRequested} (from {@code backfill-requests}) into the domain's
 * {@link BackfillSpec}. Values the domain types cannot even hold (an unknown time zone, a malformed
 * table name, an unreadable date) become problems here, named by field, and the field is left null;
 * {@link #merge} then drops the validator's generic "missing" message for those fields so every
 * problem is reported exactly once.
 *
 * <p>Budget fields the request leaves null: {@code maxConcurrentStatements} and
 * {@code maxPhasesInFlight} default to 1 (the cautious choice), {@code maxPartitionsPerSecond} and
 * {@code maxComputeSeconds} to unlimited. A failure policy with {@code maxRetries = 0} is HALT.
 */
public final class RequestMapping {

    /** A spec and its gate checks, plus the problems found while reading them. */
    public record Mapped(BackfillSpec spec, List<CheckRequest> checks, List<String> problems) {}

    private RequestMapping() {}

    public static Mapped spec(BackfillRequested request) {
        List<String> problems = new ArrayList<>();
        TableRef target = null;
        try {
            target = CoreMapping.table(request.getTarget());
        } catch (IllegalArgumentException e) {
            problems.add("target: " + e.getMessage());
        }
        PartitionRange range = null;
        try {
            range = CoreMapping.range(request.getRange());
        } catch (IllegalArgumentException e) {
            problems.add("range: " + e.getMessage());
        }
        WindowPolicy windows = windows(request.getWindows(), problems);
        budgetProblems("budgets", request.getBudget(), problems);
        budgetProblems("phaseBudget", request.getPhaseBudget(), problems);
        List<CheckRequest> checks = checks(request.getChecks());
        BackfillSpec spec = new BackfillSpec(
                request.getBackfillId(),
                target,
                request.getPartitionColumn(),
                range,
                request.getTransformationSql(),
                request.getPriority(),
                Optional.ofNullable(request.getDeadline()),
                budgets(request.getBudget()),
                windows,
                RolloutMode.valueOf(request.getRolloutMode().name()),
                request.getRequireApproval(),
                failurePolicy(request.getFailurePolicy()),
                new HashSet<>(request.getDependsOn()),
                request.getRequester() == null ? null : request.getRequester().getUser());
        return new Mapped(spec, checks, problems);
    }

    /**
     * The budget limits the domain's {@link Budgets} does not hold (they travel to executors as they are),
     * and every limit of the per-phase budget: each must be a positive, finite number when given.
     */
    private static void budgetProblems(String field, Budget budget, List<String> problems) {
        if (budget == null) {
            return;
        }
        boolean phase = field.equals("phaseBudget");
        if (phase) {
            positive(field + ".maxConcurrentStatements", budget.getMaxConcurrentStatements(), problems);
            positive(field + ".maxPartitionsPerSecond", budget.getMaxPartitionsPerSecond(), problems);
            positive(field + ".maxComputeSeconds", budget.getMaxComputeSeconds(), problems);
            positive(field + ".maxPhasesInFlight", budget.getMaxPhasesInFlight(), problems);
        }
        positive(field + ".maxRowsPerSecond", budget.getMaxRowsPerSecond(), problems);
        positive(field + ".statementTimeoutSeconds", budget.getStatementTimeoutSeconds(), problems);
    }

    private static void positive(String field, Number value, List<String> problems) {
        if (value != null && !(value.doubleValue() > 0 && Double.isFinite(value.doubleValue()))) {
            problems.add(field + ": must be positive when given, was " + value);
        }
    }

    private static List<CheckRequest> checks(List<CheckSpec> specs) {
        List<CheckRequest> checks = new ArrayList<>();
        for (CheckSpec spec : specs) {
            io.backfill.events.TableRef reference = spec.getReferenceTable();
            checks.add(new CheckRequest(
                    spec.getName(),
                    spec.getType().name(),
                    spec.getColumns(),
                    spec.getTolerance(),
                    spec.getThreshold(),
                    reference == null ? null : reference.getSchemaName(),
                    reference == null ? null : reference.getTableName(),
                    spec.getReferenceColumn(),
                    spec.getSql()));
        }
        return checks;
    }

    /** The validator's problems after the mapping's, without "missing" for a field the mapping already named. */
    public static List<String> merge(List<String> mappingProblems, List<String> validatorProblems) {
        Set<String> named = new HashSet<>();
        mappingProblems.forEach(p -> named.add(field(p)));
        List<String> all = new ArrayList<>(mappingProblems);
        for (String problem : validatorProblems) {
            boolean redundant = named.contains(field(problem)) && problem.contains(": missing");
            if (!redundant) {
                all.add(problem);
            }
        }
        return List.copyOf(all);
    }

    private static String field(String problem) {
        int colon = problem.indexOf(':');
        String field = colon < 0 ? problem : problem.substring(0, colon);
        int dot = field.indexOf('.');
        return dot < 0 ? field : field.substring(0, dot);
    }

    private static Budgets budgets(Budget budget) {
        if (budget == null) {
            return null;
        }
        return new Budgets(
                budget.getMaxConcurrentStatements() == null ? 1 : budget.getMaxConcurrentStatements(),
                budget.getMaxPartitionsPerSecond() == null ? Double.MAX_VALUE : budget.getMaxPartitionsPerSecond(),
                budget.getMaxComputeSeconds() == null
                        ? Long.MAX_VALUE
                        : (long) Math.ceil(budget.getMaxComputeSeconds()),
                budget.getMaxPhasesInFlight() == null ? 1 : budget.getMaxPhasesInFlight());
    }

    private static FailurePolicy failurePolicy(io.backfill.events.FailurePolicy policy) {
        if (policy == null) {
            return null;
        }
        if (policy.getMaxRetries() == 0) {
            return FailurePolicy.halt();
        }
        return FailurePolicy.retry(policy.getMaxRetries(), Duration.ofSeconds(policy.getRetryBackoffSeconds()));
    }

    private static WindowPolicy windows(io.backfill.events.WindowPolicy policy, List<String> problems) {
        if (policy == null) {
            return null;
        }
        int before = problems.size();
        ZoneId zone = null;
        try {
            zone = ZoneId.of(policy.getTimeZone());
        } catch (RuntimeException e) {
            problems.add("windowPolicy.timeZone: unknown time zone '" + policy.getTimeZone() + "'");
        }
        List<WeeklyWindow> windows = new ArrayList<>();
        for (int i = 0; i < policy.getAllowed().size(); i++) {
            TimeWindow window = policy.getAllowed().get(i);
            String field = "windowPolicy.allowed[" + i + "]";
            try {
                windows.add(WeeklyWindowSyntax.of(window.getDays(), window.getStart(), window.getEnd()));
            } catch (IllegalArgumentException e) {
                problems.add(field + ": " + e.getMessage());
            }
        }
        Set<LocalDate> blackouts = new HashSet<>();
        for (String date : policy.getBlackoutDates()) {
            try {
                blackouts.add(LocalDate.parse(date));
            } catch (RuntimeException e) {
                problems.add("windowPolicy.blackoutDates: '" + date + "' is not an ISO date (2026-12-24)");
            }
        }
        return problems.size() > before ? null : new WindowPolicy(zone, windows, blackouts);
    }
}
