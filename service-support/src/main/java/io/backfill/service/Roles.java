package io.backfill.service;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The roles of the services' REST APIs and what each implies, in one place. A caller holds roles from its
 * JWT's {@code groups} claim or from the embedded users; each service's security augmentor adds what
 * {@link #withImplied} says, so an endpoint names only the one role it needs.
 *
 * <ul>
 *   <li>{@link #VIEWER}: every GET (status, phases, partitions, an executor's state).
 *   <li>{@link #SUBMITTER}: {@code POST /backfills}; implies viewer.
 *   <li>{@link #OPERATOR}: every command (pause, resume, cancel, approve, rollback; an executor's drain);
 *       implies viewer. Not submitter: who may stop a backfill and who may start one are separate grants.
 * </ul>
 */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String SUBMITTER = "submitter";
    public static final String OPERATOR = "operator";

    private Roles() {}

    /** {@code roles} plus the roles they imply; unknown roles are kept as they are. */
    public static Set<String> withImplied(Set<String> roles) {
        Set<String> all = new LinkedHashSet<>(roles);
        if (roles.contains(SUBMITTER) || roles.contains(OPERATOR)) {
            all.add(VIEWER);
        }
        return Set.copyOf(all);
    }
}
