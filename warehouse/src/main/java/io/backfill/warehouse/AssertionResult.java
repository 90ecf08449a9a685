package io.backfill.warehouse;

import java.util.List;

/** Outcome of a custom SQL assertion: it passes when the query returns no row. */
public record AssertionResult(boolean passed, List<String> offendingRows) {

    public AssertionResult {
        offendingRows = List.copyOf(offendingRows);
    }
}
