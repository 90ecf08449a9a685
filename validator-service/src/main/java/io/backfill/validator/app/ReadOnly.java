package io.backfill.validator.app;

/**
 * The validator never writes: on PostgreSQL its connections are opened read-only at the driver level
 * ({@code readOnly=true&readOnlyMode=always} makes pgjdbc start every transaction READ ONLY), so even a
 * custom SQL check cannot change data. Embedded DuckDB cannot mix read-only and read-write handles on
 * one file, so there the guarantee is the checks' own SELECT-only SQL.
 */
final class ReadOnly {

    private ReadOnly() {}

    static String url(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:") || jdbcUrl.contains("readOnly=")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "readOnly=true&readOnlyMode=always";
    }
}
