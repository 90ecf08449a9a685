package io.backfill.warehouse.sql;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting of identifiers that {@link IdentifierGuard} has already checked. */
public final class Sql {

    private Sql() {}

    /** Double-quotes a checked identifier; the guard guarantees it contains no quote. */
    public static String quote(String identifier) {
        if (identifier.indexOf('"') >= 0) {
            throw new IllegalArgumentException("identifier '" + identifier + "' must not contain a quote");
        }
        return "\"" + identifier + "\"";
    }

    public static String qualified(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    public static List<String> quoteAll(List<String> identifiers) {
        return identifiers.stream().map(Sql::quote).toList();
    }

    /** Comma-separated quoted identifiers, each prefixed by {@code alias.} when alias is non-empty. */
    public static String columnList(String alias, List<String> identifiers) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return identifiers.stream().map(c -> prefix + quote(c)).collect(Collectors.joining(", "));
    }
}
