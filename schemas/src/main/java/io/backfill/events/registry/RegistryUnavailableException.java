package io.backfill.events.registry;

import java.io.IOException;

/**
 * The registry answered 5xx or not at all, every one of the client's bounded attempts. Retriable: the
 * cause is always an {@link IOException}, which is how consumers tell "registry down, try again" from
 * "this record is poison".
 */
public final class RegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, int status, IOException cause) {
        super(message, status, 0, cause);
    }
}
