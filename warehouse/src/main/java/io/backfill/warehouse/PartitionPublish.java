package io.backfill.warehouse;

/**
 * What publishing (or rolling back) one partition did to the target: rows and checksums before and after.
 * {@code alreadyDone} is true when the call found the work done by an earlier call and changed nothing.
 */
public record PartitionPublish(String partitionKey, Checksum before, Checksum after, boolean alreadyDone) {

    /** Delta tracking: false when the new contents equal the old ones. */
    public boolean changed() {
        return !before.equals(after);
    }
}
