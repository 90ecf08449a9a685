package io.backfill.validator.messaging;

import io.backfill.events.CheckResult;
import io.backfill.events.CheckSpec;
import io.backfill.events.GateOutcome;
import io.backfill.messaging.mapping.CoreMapping;
import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckStatus;
import io.backfill.validator.domain.CheckType;
import io.backfill.validator.domain.GateDecision;
import io.backfill.validator.domain.GateVerdict;

/**
 * Translates between the Avro contract and the validator's domain, in both directions: checks, outcomes
 * and decisions. Tables and partitions are read by {@link CoreMapping}, which every service shares.
 */
final class EventMapping {

    private EventMapping() {}

    static CheckDefinition definition(CheckSpec spec) {
        return new CheckDefinition(
                spec.getName(),
                CheckType.valueOf(spec.getType().name()),
                spec.getColumns(),
                spec.getTolerance(),
                spec.getThreshold(),
                spec.getReferenceTable() == null ? null : CoreMapping.table(spec.getReferenceTable()),
                spec.getReferenceColumn(),
                spec.getSql(),
                spec.getBlocking());
    }

    static CheckResult result(CheckOutcome outcome) {
        return CheckResult.newBuilder()
                .setName(outcome.name())
                .setType(io.backfill.events.CheckType.valueOf(outcome.type().name()))
                .setPartition(outcome.partitionKey())
                .setStatus(
                        io.backfill.events.CheckStatus.valueOf(outcome.status().name()))
                .setObserved(outcome.observed())
                .setExpected(outcome.expected())
                .setMethod(outcome.method())
                .setDetail(outcome.detail())
                .build();
    }

    static CheckOutcome outcome(CheckResult result) {
        return new CheckOutcome(
                result.getName(),
                CheckType.valueOf(result.getType().name()),
                result.getPartition(),
                CheckStatus.valueOf(result.getStatus().name()),
                result.getObserved(),
                result.getExpected(),
                result.getMethod(),
                result.getDetail());
    }

    static GateOutcome outcome(GateDecision decision) {
        return decision == GateDecision.COMMIT ? GateOutcome.COMMIT : GateOutcome.REJECT;
    }

    /** The verdict a published decision recorded, for rebuilding history on start. */
    static GateVerdict verdict(io.backfill.events.GateDecision decision) {
        return GateVerdict.of(
                decision.getChecks().stream().map(EventMapping::outcome).toList());
    }
}
