package io.backfill.warehouse;

import io.backfill.core.TableRef;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where control objects live and what the coordinator may touch.
 *
 * @param controlSchema schema holding checkpoints, publish log, staging and corridor tables
 * @param allowedSchemas schemas whose tables may be targets, dimensions or sources of checks; the control
 *     schema is always allowed
 * @param statementTimeout limit for every single statement
 * @param maxAttempts attempts for idempotent operations on retriable failures (1 = no retry)
 */
public record WarehouseSettings(
        String controlSchema, Set<String> allowedSchemas, Duration statementTimeout, int maxAttempts) {

    public WarehouseSettings {
        TableRef.requireIdentifier(controlSchema, "control schema");
        allowedSchemas.forEach(s -> TableRef.requireIdentifier(s, "schema"));
        allowedSchemas = Set.copyOf(allowedSchemas);
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statement timeout must be positive, was " + statementTimeout);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
    }

    public static WarehouseSettings of(String controlSchema, Set<String> allowedSchemas) {
        return new WarehouseSettings(controlSchema, allowedSchemas, Duration.ofMinutes(10), 3);
    }

    public WarehouseSettings withStatementTimeout(Duration timeout) {
        return new WarehouseSettings(controlSchema, allowedSchemas, timeout, maxAttempts);
    }

    public WarehouseSettings withMaxAttempts(int attempts) {
        return new WarehouseSettings(controlSchema, allowedSchemas, statementTimeout, attempts);
    }

    public boolean allows(String schema) {
        return schema.equals(controlSchema) || allowedSchemas.contains(schema);
    }
}
