package io.backfill.warehouse;

import java.util.Objects;

/** One column as the warehouse catalogue describes it; {@code sqlType} is the catalogue's own spelling. */
public record ColumnInfo(String name, String sqlType, boolean nullable) {

    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sqlType, "sqlType");
    }
}
