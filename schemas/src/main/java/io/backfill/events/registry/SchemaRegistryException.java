package io.backfill.events.registry;

/**
 * A schema registry answered with an error, or could not be asked. The subclasses say what the caller
 * can do about it: {@link SchemaNotFoundException} (404: nothing to retry), {@link
 * IncompatibleSchemaException} (409: the registry's compatibility rule refused the schema),
 * {@link RegistryUnavailableException} (5xx or no answer: retriable).
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status, or 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (e.g. 40401 subject not found), or 0 when it sent none. */
    public int errorCode() {
        return errorCode;
    }
}
