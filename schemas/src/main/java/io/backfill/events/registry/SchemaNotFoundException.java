package io.backfill.events.registry;

/** HTTP 404: the subject, the schema under it, or the schema id does not exist in the registry. */
public final class SchemaNotFoundException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, int errorCode) {
        super(message, 404, errorCode, null);
    }
}
