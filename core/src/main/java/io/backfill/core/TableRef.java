package io.backfill.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A schema-qualified table name whose parts are plain ASCII identifiers. Anything else — quotes,
 * semicolons, spaces, look-alike unicode letters — is refused here, before it can reach SQL.
 * Existence in the warehouse catalogue is checked separately by the warehouse layer.
 */
public record TableRef(String schema, String table) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public TableRef {
        requireIdentifier(schema, "schema");
        requireIdentifier(table, "table");
    }

    /** Reads {@code schema.table}. */
    public static TableRef parse(String qualified) {
        Objects.requireNonNull(qualified, "table name");
        int dot = qualified.indexOf('.');
        if (dot < 0 || dot != qualified.lastIndexOf('.')) {
            throw new IllegalArgumentException(
                    "table name '" + qualified + "' must be written schema.table with plain identifiers");
        }
        return new TableRef(qualified.substring(0, dot), qualified.substring(dot + 1));
    }

    /**
     * Returns {@code name} if it is a plain identifier: ASCII letter or underscore, then letters,
     * digits or underscores, at most 63 characters.
     *
     * @throws IllegalArgumentException naming the identifier otherwise
     */
    public static String requireIdentifier(String name, String role) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "invalid " + role + " identifier '" + name
                            + "': only ASCII letters, digits and underscores are allowed, starting with a letter or underscore");
        }
        return name;
    }

    public String qualified() {
        return schema + "." + table;
    }

    @Override
    public String toString() {
        return qualified();
    }
}
