package io.backfill.warehouse;

/** Actions recorded in the publish log. */
public enum PublishLogAction {
    PUBLISH,
    ROLLBACK,
    DISCARD,
    FINALISE
}
