package io.backfill.validator.checks;

import io.backfill.validator.domain.AnomalyScorer;
import java.util.List;

/** The checks this validator knows, one per {@link io.backfill.validator.domain.CheckType} except UNKNOWN. */
public final class GateChecks {

    private GateChecks() {}

    public static List<GateCheck> standard(AnomalyScorer scorer) {
        return List.of(
                new SchemaMatchCheck(),
                new RowCountVsSourceCheck(),
                new RowCountDeltaVsTargetCheck(),
                new NullRateCheck(),
                new UniqueKeyCheck(),
                new ReferentialIntegrityCheck(),
                new TimestampBoundsCheck(),
                new AggregateChecksumCheck(),
                new AnomalyCheck(scorer),
                new CustomSqlCheck());
    }
}
