package io.backfill.warehouse;

/**
 * A warehouse call failed. Carries its {@link FailureKind} so executors can retry, back off or give up
 * without inspecting driver-specific exceptions.
 */
public class WarehouseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FailureKind kind;

    public WarehouseException(FailureKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public WarehouseException(FailureKind kind, String message) {
        this(kind, message, null);
    }

    public FailureKind kind() {
        return kind;
    }

    public boolean isRetriable() {
        return kind == FailureKind.RETRIABLE;
    }
}
