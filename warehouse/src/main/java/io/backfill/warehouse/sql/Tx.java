package io.backfill.warehouse.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One open transaction with small helpers that bind every value as a parameter and put the statement
 * timeout on every statement the warehouse does not limit by itself.
 */
public final class Tx {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final int jdbcTimeoutSeconds;

    Tx(Connection connection, int jdbcTimeoutSeconds) {
        this.connection = connection;
        this.jdbcTimeoutSeconds = jdbcTimeoutSeconds;
    }

    public Connection connection() {
        return connection;
    }

    /** Prepares {@code sql} with the statement timeout applied; the caller closes it. */
    public PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (jdbcTimeoutSeconds > 0) {
            statement.setQueryTimeout(jdbcTimeoutSeconds);
        }
        return statement;
    }

    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(sql)) {
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    public long queryLong(String sql, Object... params) throws SQLException {
        List<Long> values = query(sql, r -> r.getLong(1), params);
        return values.isEmpty() ? 0 : values.get(0);
    }

    static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
