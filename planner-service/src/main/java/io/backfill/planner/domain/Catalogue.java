package io.backfill.planner.domain;

import io.backfill.core.TableRef;

/**
 * The warehouse catalogue as request validation sees it. The warehouse layer implements it with
 * JDBC metadata; tests use a map. Kept as an interface so validation stays pure and reports
 * catalogue problems in the same list as every other problem.
 */
public interface Catalogue {

    boolean tableExists(TableRef table);

    boolean columnExists(TableRef table, String column);
}
