package io.backfill.planner.domain.split;

import java.util.Objects;

/**
 * What a backfill's plan was cut from, kept so the planner can re-split the unreleased rest once real
 * staging times come in: the phase-size policy and the prior cost of each partition (row counts).
 */
public record PlanBasis(SplitPolicy policy, CostModel prior) {

    public PlanBasis {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(prior, "prior");
    }
}
