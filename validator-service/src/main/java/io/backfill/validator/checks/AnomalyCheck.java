package io.backfill.validator.checks;

import io.backfill.core.Partition;
import io.backfill.validator.domain.AnomalyScore;
import io.backfill.validator.domain.AnomalyScorer;
import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.validator.domain.MetricPoint;
import io.backfill.validator.domain.Metrics;
import io.backfill.warehouse.ColumnInfo;
import io.backfill.warehouse.DataSet;
import io.backfill.warehouse.TargetTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * ANOMALY: per partition, measures the row count, the null rate of every listed column and the sum of
 * every listed numeric column, and scores each against the target's committed history of that metric
 * with {@link AnomalyScorer} (robust z-score; FAIL beyond the threshold, default 3.5; WARN while the
 * history is too short). One outcome per partition and metric, with the metric name as {@code method}
 * and the plain value as {@code observed}, which is what {@code MetricRecorder} records once the phase
 * commits.
 *
 * <p>History points of the phase's own partitions are left out: a redelivered phase that already
 * committed must be judged against the same history as the first time, and a partition must not vouch for
 * itself. Partitions of one phase are each scored against history only, never against each other, so the
 * outcome does not depend on the order partitions were staged in.
 */
public final class AnomalyCheck implements GateCheck {

    private static final Pattern NUMERIC = Pattern.compile(
            "(numeric|decimal|bigint|integer|int|int2|int4|int8|smallint|tinyint|hugeint|ubigint|uinteger|usmallint"
                    + "|utinyint|uhugeint|double|double precision|real|float|float4|float8)\\b.*");

    private final AnomalyScorer scorer;

    public AnomalyCheck(AnomalyScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public CheckType type() {
        return CheckType.ANOMALY;
    }

    @Override
    public List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        double threshold = def.thresholdValue().orElse(AnomalyScorer.DEFAULT_THRESHOLD);
        TargetTable target = context.target();
        List<String> nullRateColumns = new ArrayList<>();
        List<String> sumColumns = new ArrayList<>();
        for (String column : def.columns()) {
            ColumnInfo info = target.column(column)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "check " + def.name() + ": column '" + column + "' is not a column of " + target.table()));
            nullRateColumns.add(column);
            if (isNumeric(info)) {
                sumColumns.add(column);
            }
        }
        Set<String> phasePartitions =
                context.partitions().stream().map(Partition::key).collect(Collectors.toSet());
        String method = "robust z-score of row count, null rates " + nullRateColumns + " and sums " + sumColumns;
        return PerPartition.each(context, def, method, partition -> {
            Map<String, Double> metrics = measure(context, partition, nullRateColumns, sumColumns);
            List<CheckOutcome> outcomes = new ArrayList<>();
            metrics.forEach((metric, value) -> {
                List<Double> history = context.history().points(target.table(), metric).stream()
                        .filter(p -> !phasePartitions.contains(p.partitionKey()))
                        .map(MetricPoint::value)
                        .toList();
                AnomalyScore score = scorer.score(value, history, threshold);
                outcomes.add(new CheckOutcome(
                        def.name(),
                        def.type(),
                        partition.key(),
                        score.status(),
                        plain(value),
                        score.expectation(),
                        metric,
                        score.explanation()));
            });
            return outcomes;
        });
    }

    /** Every metric of the partition, in a fixed order: row count, null rates, sums. */
    private static Map<String, Double> measure(
            CheckContext context, Partition partition, List<String> nullRateColumns, List<String> sumColumns) {
        TargetTable target = context.target();
        Map<String, Double> metrics = new LinkedHashMap<>();
        long rows = context.queries().rowCount(target, DataSet.STAGED, partition);
        metrics.put(Metrics.ROW_COUNT, (double) rows);
        if (!nullRateColumns.isEmpty()) {
            Map<String, Long> nulls = context.queries().nullCounts(target, DataSet.STAGED, partition);
            for (String column : nullRateColumns) {
                metrics.put(Metrics.nullRate(column), rows == 0 ? 0 : (double) nulls.get(column) / rows);
            }
        }
        for (String column : sumColumns) {
            metrics.put(
                    Metrics.sum(column),
                    context.queries()
                            .sum(target, DataSet.STAGED, partition, column)
                            .doubleValue());
        }
        return metrics;
    }

    /** The value as plain decimal text that parses back to the same double, for history rebuilds. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static boolean isNumeric(ColumnInfo column) {
        return NUMERIC.matcher(column.sqlType().toLowerCase(Locale.ROOT)).matches();
    }
}
