package io.backfill.planner.warehouse;

import io.backfill.core.Partition;
import io.backfill.events.BackfillRequested;
import io.backfill.planner.domain.BackfillSpec;
import io.backfill.planner.domain.split.CostModel;
import io.backfill.planner.domain.split.PhasePlan;
import io.backfill.planner.domain.split.PhaseSplitter;
import io.backfill.planner.domain.split.PlanBasis;
import io.backfill.planner.domain.split.SplitPolicy;
import io.backfill.planner.domain.validation.CheckValidator;
import io.backfill.planner.domain.validation.SpecValidator;
import io.backfill.planner.messaging.RequestMapping;
import io.backfill.planner.warehouse.WarehouseCatalogue.WarehouseUnavailable;
import io.backfill.warehouse.TargetTable;
import io.backfill.warehouse.Warehouse;
import io.backfill.warehouse.WarehouseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one {@code BackfillRequested} into a verdict: every problem (mapping, request rules, the
 * warehouse catalogue) or a plan of phases sized from the target's row counts.
 *
 * <p>Cost prior: a partition costs {@code rows / rowsPerSecond} seconds; a partition the target does
 * not have yet is assumed to hold {@code defaultRows}. Phases aim at the request's
 * {@code targetPhaseSeconds} when given, else the configured target duration. The prior and the policy
 * travel on as the {@link PlanBasis}, from which the planner re-splits unreleased phases once observed
 * seconds per partition come in.
 */
public final class RequestIntake {

    /**
     * @param targetPhaseDuration what a phase should cost, when the request does not say
     * @param minPartitionsPerPhase lower bound of phase size
     * @param maxPartitionsPerPhase upper bound of phase size (the per-phase budget)
     * @param rowsPerSecond prior staging rate
     * @param defaultRows rows assumed for a partition the target does not hold yet
     */
    public record Settings(
            Duration targetPhaseDuration,
            int minPartitionsPerPhase,
            int maxPartitionsPerPhase,
            double rowsPerSecond,
            long defaultRows) {

        public Settings {
            // Refused at start rather than at the first request: the policy every request is split by.
            new SplitPolicy(targetPhaseDuration, minPartitionsPerPhase, maxPartitionsPerPhase);
        }
    }

    /** The verdict: problems (empty when valid), else the plan and the prior seconds per partition. */
    public record Assessment(
            BackfillSpec spec,
            List<String> problems,
            List<PhasePlan> plans,
            double secondsPerPartition,
            PlanBasis basis) {}

    private static final Logger LOG = LoggerFactory.getLogger(RequestIntake.class);

    private final Warehouse warehouse;
    private final Settings settings;

    public RequestIntake(Warehouse warehouse, Settings settings) {
        this.warehouse = warehouse;
        this.settings = settings;
    }

    /**
     * Every problem of {@code request}, judged against {@code clock} (the deadline must lie after its now) and
     * the catalogue, without planning it: what {@code POST /backfills} answers before it publishes, and the
     * first half of {@link #assess}. Never throws for a property of the request.
     *
     * @throws WarehouseCatalogue.WarehouseUnavailable when the warehouse cannot answer: retry later
     */
    public List<String> problems(BackfillRequested request, Clock clock) {
        return validate(request, clock).problems();
    }

    /**
     * Validates (see {@link #problems}) and, when valid, plans phases from the target's row counts. A request
     * the planner still cannot plan becomes a rejection naming why, never an exception: a record that is
     * decodable must end ACCEPTED or REJECTED, not in a dead-letter topic.
     *
     * @throws WarehouseCatalogue.WarehouseUnavailable when the warehouse cannot answer: retry later
     */
    public Assessment assess(BackfillRequested request, Clock clock) {
        Validated validated = validate(request, clock);
        BackfillSpec spec = validated.spec();
        if (!validated.problems().isEmpty()) {
            return rejected(spec, validated.problems());
        }
        try {
            return plan(request, spec, validated.catalogue());
        } catch (WarehouseUnavailable e) {
            throw e;
        } catch (WarehouseException e) {
            LOG.warn(
                    "Backfill {}: the warehouse refused to list its partitions: {}", spec.backfillId(), e.getMessage());
            return rejected(
                    spec,
                    List.of("range: the warehouse cannot list the target's partitions in this range: "
                            + e.getMessage()));
        } catch (RuntimeException e) {
            // Validation should have caught it; reject with the reason rather than park a valid record.
            LOG.error("Backfill {} passed validation but cannot be planned", spec.backfillId(), e);
            return rejected(
                    spec,
                    List.of("request: the planner cannot plan it: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private record Validated(BackfillSpec spec, WarehouseCatalogue catalogue, List<String> problems) {}

    private Validated validate(BackfillRequested request, Clock clock) {
        RequestMapping.Mapped mapped = RequestMapping.spec(request);
        BackfillSpec spec = mapped.spec();
        WarehouseCatalogue catalogue = new WarehouseCatalogue(warehouse, spec.partitionColumn());
        List<String> problems = new ArrayList<>(
                RequestMapping.merge(mapped.problems(), new SpecValidator(clock).problems(spec, catalogue)));
        boolean targetKnown = spec.target() != null && catalogue.tableExists(spec.target());
        if (spec.target() != null && spec.range() != null) {
            problems.addAll(catalogue.typeProblems(spec.target(), spec.range().grain()));
        }
        problems.addAll(new CheckValidator().problems(mapped.checks(), targetKnown ? spec.target() : null, catalogue));
        problems.addAll(SqlRules.problems(spec.transformationSql(), mapped.checks()));
        if (request.getTargetPhaseSeconds() != null && request.getTargetPhaseSeconds() <= 0) {
            problems.add("targetPhaseSeconds: must be positive, was " + request.getTargetPhaseSeconds());
        }
        return new Validated(spec, catalogue, List.copyOf(problems));
    }

    private Assessment plan(BackfillRequested request, BackfillSpec spec, WarehouseCatalogue catalogue) {
        Optional<TargetTable> target = catalogue.target(spec.target());
        Map<String, Long> rows =
                target.map(t -> catalogue.rowCounts(t, spec.range())).orElse(Map.of());
        CostModel costs = CostModel.fromRowCounts(rows, settings.rowsPerSecond(), settings.defaultRows());
        Duration phaseTarget = request.getTargetPhaseSeconds() != null
                ? Duration.ofSeconds(request.getTargetPhaseSeconds())
                : settings.targetPhaseDuration();
        SplitPolicy policy =
                new SplitPolicy(phaseTarget, settings.minPartitionsPerPhase(), settings.maxPartitionsPerPhase());
        List<PhasePlan> plans = new PhaseSplitter(policy).split(spec.backfillId(), spec.range(), costs);
        List<Partition> partitions = spec.range().partitions();
        double total = partitions.stream().mapToDouble(costs::secondsFor).sum();
        int count = partitions.size();
        return new Assessment(spec, List.of(), plans, count == 0 ? 0 : total / count, new PlanBasis(policy, costs));
    }

    private static Assessment rejected(BackfillSpec spec, List<String> problems) {
        return new Assessment(spec, List.copyOf(problems), List.of(), 0, null);
    }
}
