package io.backfill.validator.domain;

import java.util.Objects;

/**
 * The result of one check on one partition, or on the whole phase when {@code partitionKey} is null;
 * mirrors the Avro {@code CheckResult}. Observed and expected are text so that every kind of
 * measurement (a count, a rate, a list of schema differences) reads the same in a decision.
 *
 * @param name the check's name from the request
 * @param type what the check measured
 * @param partitionKey the partition the result is about, or null for the whole phase
 * @param status PASS, FAIL, WARN or ERROR
 * @param observed what was measured on the staged data
 * @param expected what it was compared with
 * @param method the query or metric used, so anyone can re-run it
 * @param detail explanation: by how much it missed, an error message, sample offending rows
 */
public record CheckOutcome(
        String name,
        CheckType type,
        String partitionKey,
        CheckStatus status,
        String observed,
        String expected,
        String method,
        String detail) {

    public CheckOutcome {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
    }

    public static CheckOutcome pass(
            CheckDefinition def, String partitionKey, String observed, String expected, String method, String detail) {
        return new CheckOutcome(
                def.name(), def.type(), partitionKey, CheckStatus.PASS, observed, expected, method, detail);
    }

    public static CheckOutcome fail(
            CheckDefinition def, String partitionKey, String observed, String expected, String method, String detail) {
        return new CheckOutcome(
                def.name(), def.type(), partitionKey, CheckStatus.FAIL, observed, expected, method, detail);
    }

    public static CheckOutcome warn(
            CheckDefinition def, String partitionKey, String observed, String expected, String method, String detail) {
        return new CheckOutcome(
                def.name(), def.type(), partitionKey, CheckStatus.WARN, observed, expected, method, detail);
    }

    /** PASS when {@code passed}, FAIL otherwise. */
    public static CheckOutcome judge(
            boolean passed,
            CheckDefinition def,
            String partitionKey,
            String observed,
            String expected,
            String method,
            String detail) {
        return passed
                ? pass(def, partitionKey, observed, expected, method, detail)
                : fail(def, partitionKey, observed, expected, method, detail);
    }

    /** The check could not measure; {@code error} becomes the detail. */
    public static CheckOutcome error(CheckDefinition def, String partitionKey, String method, String error) {
        return new CheckOutcome(def.name(), def.type(), partitionKey, CheckStatus.ERROR, null, null, method, error);
    }

    /**
     * This outcome as the gate reports it for a check declared non-blocking: a FAIL becomes a WARN (the
     * request said this check only advises). An ERROR stays an ERROR: a check that could not run tells
     * nothing about the data, and the gate fails closed.
     */
    public CheckOutcome downgradedIfNonBlocking(boolean blocking) {
        if (blocking || status != CheckStatus.FAIL) {
            return this;
        }
        String note = "non-blocking check failed" + (detail == null ? "" : ": " + detail);
        return new CheckOutcome(name, type, partitionKey, CheckStatus.WARN, observed, expected, method, note);
    }

    /** Where the outcome applies, as shown in summaries: the partition key or "phase". */
    public String scope() {
        return partitionKey == null ? "phase" : partitionKey;
    }
}
