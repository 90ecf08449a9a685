package io.backfill.e2e;

import java.util.UUID;

/** Backfill ids unique per run, readable in logs. */
final class Ids {

    private Ids() {}

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
