package io.backfill.events.registry;

/** HTTP 409: the subject's compatibility rule refused the schema; the message carries the registry's reason. */
public final class IncompatibleSchemaException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message, int errorCode) {
        super(message, 409, errorCode, null);
    }
}
