package io.backfill.planner.domain.validation;

import io.backfill.core.PartitionRange;
import io.backfill.core.TableRef;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.Budgets;
import io.backfill.planner.domain.Catalogue;
import io.backfill.planner.domain.FailurePolicy;
import io.backfill.planner.domain.window.WindowPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Decides whether a backfill request can be planned, and if not, says why: every problem at once,
 * each naming its field, so a requester fixes the request in one round trip instead of one
 * rejection per mistake. Never throws on bad input; the answer is the list.
 *
 * <p>Catalogue checks (does the table and the partition column exist) go through {@link Catalogue}
 * and only run once the names themselves are well-formed, so no malformed identifier reaches the
 * warehouse.
 */
public final class SpecValidator {

    /** Ids travel as Kafka keys, file names and log fields: keep them boring. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final Pattern PARTITION_START = Pattern.compile(":partition_start(?![A-Za-z0-9_])");
    private static final Pattern PARTITION_END = Pattern.compile(":partition_end(?![A-Za-z0-9_])");

    /** The documented range of {@code priority} (BackfillRequested.avsc, README). */
    public static final int MIN_PRIORITY = 0;

    public static final int MAX_PRIORITY = 100;

    /**
     * The most partitions one backfill may have. Every partition is held in memory and in the status, so the
     * bound is what keeps one request from exhausting the planner; split anything larger into several
     * backfills. Counted from the bounds, without listing the partitions.
     */
    public static final long MAX_PARTITIONS = 1_000_000;

    private final Clock clock;

    public SpecValidator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Every problem of {@code spec}, empty when it can be planned. */
    public List<String> problems(BackfillSpec spec, Catalogue catalogue) {
        List<String> problems = new ArrayList<>();
        if (spec == null) {
            return List.of("request: missing");
        }
        checkId(spec.backfillId(), "backfillId", problems);
        boolean columnWellFormed = checkIdentifier(spec.partitionColumn(), problems);
        if (spec.target() == null) {
            problems.add("target: missing");
        } else {
            checkCatalogue(spec.target(), columnWellFormed ? spec.partitionColumn() : null, catalogue, problems);
        }
        if (spec.range() == null) {
            problems.add("range: missing");
        } else {
            List<String> rangeProblems = spec.range().problems();
            rangeProblems.forEach(problem -> problems.add("range: " + problem));
            if (rangeProblems.isEmpty()) {
                checkSize(spec.range(), problems);
            }
        }
        checkSql(spec.transformationSql(), problems);
        if (spec.priority() < MIN_PRIORITY || spec.priority() > MAX_PRIORITY) {
            problems.add("priority: " + spec.priority() + " is outside " + MIN_PRIORITY + ".." + MAX_PRIORITY);
        }
        spec.deadline().ifPresent(deadline -> {
            if (!deadline.isAfter(clock.instant())) {
                problems.add("deadline: " + deadline + " is not in the future (now " + clock.instant() + ")");
            }
        });
        checkBudgets(spec.budgets(), problems);
        if (spec.windowPolicy() == null) {
            problems.add("windowPolicy: missing (use an empty window list for 'always')");
        } else {
            checkWindowsOpen(spec.windowPolicy(), spec.deadline().orElse(null), problems);
        }
        if (spec.rolloutMode() == null) {
            problems.add("rolloutMode: missing (DRY_RUN, SHADOW, PUBLISH or CANARY)");
        }
        checkFailurePolicy(spec.failurePolicy(), problems);
        for (String dependency : spec.dependsOn()) {
            if (dependency.equals(spec.backfillId())) {
                problems.add("dependsOn: a backfill cannot depend on itself ('" + dependency + "')");
            } else {
                checkId(dependency, "dependsOn", problems);
            }
        }
        if (spec.requester() == null || spec.requester().isBlank()) {
            problems.add("requester: missing (every backfill records who asked for it)");
        }
        return List.copyOf(problems);
    }

    private static void checkSize(PartitionRange range, List<String> problems) {
        long count = partitionCount(range);
        if (count > MAX_PARTITIONS) {
            problems.add("range: " + count + " " + range.grain() + " partitions, more than the limit of "
                    + MAX_PARTITIONS + " per backfill (split it into several backfills)");
        }
    }

    /** The number of partitions of an aligned range, from its bounds (listing them could exhaust memory). */
    static long partitionCount(PartitionRange range) {
        LocalDateTime start = range.start().toLocalDateTime();
        LocalDateTime end = range.endExclusive().toLocalDateTime();
        return switch (range.grain()) {
            // Hours are real elapsed hours: a DST change adds or removes one.
            case HOUR ->
                Duration.between(range.start().toInstant(), range.endExclusive().toInstant())
                        .toHours();
            case DAY -> ChronoUnit.DAYS.between(start.toLocalDate(), end.toLocalDate());
            case MONTH -> ChronoUnit.MONTHS.between(start.toLocalDate(), end.toLocalDate());
        };
    }

    /**
     * A request whose windows never open would be accepted and then wait forever: the windows must offer
     * some open time within the planner's look-ahead, and before the deadline when there is one.
     */
    private void checkWindowsOpen(WindowPolicy windows, Instant deadline, List<String> problems) {
        Instant now = clock.instant();
        // The instant one nanosecond of open time has passed: just after the first opening starts.
        Optional<Instant> firstOpen = windows.finishAfter(now, Duration.ofNanos(1));
        if (firstOpen.isEmpty()) {
            problems.add("windowPolicy: the allowed windows and blackout dates leave no open time within "
                    + WindowPolicy.HORIZON_DAYS + " days of " + now);
        } else if (deadline != null && deadline.isAfter(now) && firstOpen.get().isAfter(deadline)) {
            problems.add("windowPolicy: the allowed windows do not open before the deadline " + deadline
                    + " (they first open at " + firstOpen.get().minusNanos(1) + ")");
        }
    }

    private static void checkId(String id, String field, List<String> problems) {
        if (id == null || !ID.matcher(id).matches()) {
            problems.add(field + ": '" + id
                    + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private static boolean checkIdentifier(String column, List<String> problems) {
        try {
            TableRef.requireIdentifier(column, "partition column");
            return true;
        } catch (IllegalArgumentException e) {
            problems.add("partitionColumn: " + e.getMessage());
            return false;
        }
    }

    private static void checkCatalogue(TableRef target, String column, Catalogue catalogue, List<String> problems) {
        if (catalogue == null) {
            return;
        }
        if (!catalogue.tableExists(target)) {
            problems.add("target: table " + target.qualified() + " does not exist in the warehouse");
        } else if (column != null && !catalogue.columnExists(target, column)) {
            problems.add("partitionColumn: column '" + column + "' does not exist in " + target.qualified());
        }
    }

    private static void checkSql(String sql, List<String> problems) {
        if (sql == null || sql.isBlank()) {
            problems.add("transformationSql: missing");
            return;
        }
        // Both bounds must be bound parameters, otherwise every partition would stage the same rows.
        if (!PARTITION_START.matcher(sql).find()) {
            problems.add("transformationSql: must reference :partition_start");
        }
        if (!PARTITION_END.matcher(sql).find()) {
            problems.add("transformationSql: must reference :partition_end");
        }
    }

    private static void checkBudgets(Budgets budgets, List<String> problems) {
        if (budgets == null) {
            problems.add("budgets: missing");
            return;
        }
        if (budgets.maxConcurrentStatements() <= 0) {
            problems.add("budgets.maxConcurrentStatements: must be positive, was " + budgets.maxConcurrentStatements());
        }
        if (!(budgets.maxPartitionsPerSecond() > 0) || Double.isInfinite(budgets.maxPartitionsPerSecond())) {
            problems.add("budgets.maxPartitionsPerSecond: must be a positive number, was "
                    + budgets.maxPartitionsPerSecond());
        }
        if (budgets.maxComputeSeconds() <= 0) {
            problems.add("budgets.maxComputeSeconds: must be positive, was " + budgets.maxComputeSeconds());
        }
        if (budgets.maxPhasesInFlight() <= 0) {
            problems.add("budgets.maxPhasesInFlight: must be positive, was " + budgets.maxPhasesInFlight());
        }
    }

    private static void checkFailurePolicy(FailurePolicy policy, List<String> problems) {
        if (policy == null) {
            problems.add("failurePolicy: missing (HALT or RETRY)");
        } else if (policy instanceof FailurePolicy.Retry retry) {
            if (retry.maxRetries() < 1) {
                problems.add("failurePolicy.maxRetries: must be at least 1 for RETRY, was " + retry.maxRetries());
            }
            if (retry.backoff() == null || retry.backoff().isNegative()) {
                problems.add("failurePolicy.backoff: must be zero or positive, was " + retry.backoff());
            }
        }
    }
}
