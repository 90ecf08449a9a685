package io.backfill.validator.checks;

import io.backfill.validator.domain.CheckDefinition;
import io.backfill.validator.domain.CheckOutcome;
import io.backfill.validator.domain.CheckType;
import java.util.List;

/**
 * One kind of gate check: measures the staged phase described by a {@link CheckContext} as a
 * {@link CheckDefinition} asks and judges each measurement. Implementations report one outcome per
 * partition where the measurement is per partition, and turn a failure to measure one partition into an
 * ERROR outcome for that partition so the other partitions are still judged. They may still throw for a
 * definition they cannot run at all; the gate turns that into an ERROR too.
 */
public interface GateCheck {

    CheckType type();

    /** The outcomes in partition order; never empty for a phase with partitions. */
    List<CheckOutcome> run(CheckContext context, CheckDefinition definition);
}
