package io.backfill.warehouse;

/**
 * An identifier was refused before any SQL ran: not a plain identifier, not in the catalogue, or in a
 * schema outside the allow-list. The message names the identifier.
 */
public final class IdentifierRejectedException extends WarehouseException {

    private static final long serialVersionUID = 1L;

    public IdentifierRejectedException(String message) {
        super(FailureKind.FATAL, message);
    }
}
