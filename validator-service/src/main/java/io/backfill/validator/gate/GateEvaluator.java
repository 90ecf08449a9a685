package io.backfill.validator.gate;

import io.backfill.validator.checks.CheckContext;
import io.backfill.validator.checks.GateCheck;
import io.backfill.validator.checks.GateChecks;
import io.backfill.validator.checks.SourceAggregates;
import io.backfill.validator.domain.AnomalyScorer;
import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import io.backfill.validator.domain.GateVerdict;
import io.backfill.validator.domain.MetricHistory;
import io.backfill.validator.domain.MetricRecorder;
import io.backfill.warehouse.CheckQueries;
import io.backfill.warehouse.Failures;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every declared check on a staged phase and decides COMMIT or REJECT (rule 6 of DESIGN.md). It
 * reads only the warehouse and the metric history and writes nothing: the messaging layer publishes the
 * verdict to gate-decisions and, once a phase commits, calls {@link #recordCommitted}.
 *
 * <p>It fails closed: a check that throws (bad definition, missing column, warehouse error or statement
 * timeout) becomes an ERROR outcome, which rejects the phase, and the remaining checks still run so the
 * decision shows everything that is wrong at once. A check declared non-blocking reports its failures as
 * WARN; its errors still reject.
 *
 * <p>It is deterministic: checks run in declaration order, partitions in time order, "now" is the phase's
 * {@code asOf}, and anomaly history excludes the phase's own partitions, so a redelivered STAGED event
 * over the same staged data yields the same verdict.
 */
public final class GateEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(GateEvaluator.class);

    private final CheckQueries queries;
    private final MetricHistory history;
    private final SourceAggregates sourceAggregates;
    private final Map<CheckType, GateCheck> checks = new EnumMap<>(CheckType.class);

    public GateEvaluator(
            CheckQueries queries, MetricHistory history, SourceAggregates sourceAggregates, List<GateCheck> checks) {
        this.queries = queries;
        this.history = history;
        this.sourceAggregates = sourceAggregates;
        for (GateCheck check : checks) {
            if (this.checks.put(check.type(), check) != null) {
                throw new IllegalArgumentException("two checks for type " + check.type());
            }
        }
    }

    /** An evaluator with every standard check, the default anomaly scorer and the warehouse's source sums. */
    public static GateEvaluator standard(CheckQueries queries, MetricHistory history) {
        return new GateEvaluator(queries, history, queries::sourceSum, GateChecks.standard(new AnomalyScorer()));
    }

    public GateVerdict evaluate(StagedPhase phase) {
        CheckContext context = new CheckContext(
                queries,
                phase.target(),
                phase.phaseId(),
                phase.partitions(),
                phase.transformationSql(),
                Clock.fixed(phase.asOf(), ZoneOffset.UTC),
                history,
                sourceAggregates);
        LOG.info(
                "Phase {} (backfill {}, attempt {}): running {} checks on {} partitions of {}",
                phase.phaseId(),
                phase.backfillId(),
                phase.attempt(),
                phase.checks().size(),
                phase.partitions().size(),
                phase.target().table());
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (CheckDefinition def : phase.checks()) {
            for (CheckOutcome outcome : run(context, def)) {
                outcomes.add(outcome.downgradedIfNonBlocking(def.blocking()));
            }
        }
        GateVerdict verdict = GateVerdict.of(outcomes);
        LOG.info(
                "Phase {} (backfill {}, attempt {}): {}",
                phase.phaseId(),
                phase.backfillId(),
                phase.attempt(),
                verdict.summary());
        return verdict;
    }

    /**
     * Adds the phase's anomaly metrics to the history if the verdict committed; call it once the phase is
     * committed (and again on replay: recording is idempotent).
     */
    public int recordCommitted(StagedPhase phase, GateVerdict verdict) {
        return MetricRecorder.recordCommitted(history, phase.target().table(), phase.phaseId(), verdict);
    }

    private List<CheckOutcome> run(CheckContext context, CheckDefinition def) {
        GateCheck check = checks.get(def.type());
        if (check == null) {
            return List.of(CheckOutcome.error(
                    def, null, null, "this validator cannot run checks of type " + def.type() + ": failing closed"));
        }
        try {
            List<CheckOutcome> outcomes = check.run(context, def);
            LOG.debug("Phase {} check {}: {} outcomes", context.phaseId(), def.name(), outcomes.size());
            return outcomes;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Phase {} check {} ({}) could not run: {}",
                    context.phaseId(),
                    def.name(),
                    def.type(),
                    e.toString());
            return List.of(CheckOutcome.error(def, null, null, Failures.describe(e)));
        }
    }
}
