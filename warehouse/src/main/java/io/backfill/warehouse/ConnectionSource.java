package io.backfill.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/** Hands out fresh connections to one warehouse; the caller closes each one. */
public interface ConnectionSource extends AutoCloseable {

    Connection open() throws SQLException;

    /** Releases whatever the source holds (an embedded database, a pool); default none. */
    @Override
    default void close() {}
}
