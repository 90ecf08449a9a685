package io.backfill.warehouse.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQL with {@code :name} parameters rewritten to JDBC {@code ?} markers, remembering which name each
 * marker stands for, so values are always bound and never spliced into the text.
 *
 * <p>The scanner skips string literals, quoted identifiers, comments and PostgreSQL {@code ::} casts. It
 * refuses a bare {@code ?} (it would shift every binding) and a {@code ;} followed by more text (a second
 * statement has no business inside a transformation or an assertion).
 */
public record NamedSql(String jdbcSql, List<String> parameterNames) {

    public NamedSql {
        parameterNames = List.copyOf(parameterNames);
    }

    public static NamedSql parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated comment in SQL: " + abbreviate(sql));
                }
                out.append(sql, i, end + 2);
                i = end + 2;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else if (c == '?') {
                throw new IllegalArgumentException(
                        "SQL must use named parameters (:name), found a bare '?' in: " + abbreviate(sql));
            } else if (c == ';') {
                if (!sql.substring(i + 1).isBlank()) {
                    throw new IllegalArgumentException(
                            "SQL must be a single statement, found ';' in: " + abbreviate(sql));
                }
                i = n;
            } else {
                out.append(c);
                i++;
            }
        }
        return new NamedSql(out.toString().strip(), names);
    }

    /**
     * Binds {@code values} to the markers in order, starting at JDBC index {@code firstIndex}.
     *
     * @return the next free index
     * @throws IllegalArgumentException naming a parameter that has no value
     */
    public int bind(PreparedStatement statement, int firstIndex, Map<String, ?> values) throws SQLException {
        int index = firstIndex;
        for (String name : parameterNames) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown SQL parameter ':" + name + "'; available: " + values.keySet());
            }
            statement.setObject(index++, values.get(name));
        }
        return index;
    }

    /** Checks up front that every parameter has a value, before anything runs. */
    public void requireKnown(Map<String, ?> values) {
        for (String name : parameterNames) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown SQL parameter ':" + name + "'; available: " + values.keySet());
            }
        }
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new IllegalArgumentException("unterminated quote in SQL: " + abbreviate(sql));
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 200 ? sql : sql.substring(0, 200) + "...";
    }
}
