package io.backfill.warehouse;

import java.math.BigInteger;
import java.util.Objects;

/**
 * Order-independent fingerprint of a set of rows: the row count and the sum of a 64-bit hash of each
 * row's values over the target columns. Equal sets give equal checksums; it is cheap (one scan, no sort)
 * and only comparable within one warehouse, which is all reconciliation and rollback proofs need.
 */
public record Checksum(long rows, BigInteger hashSum) {

    public static final Checksum EMPTY = new Checksum(0, BigInteger.ZERO);

    public Checksum {
        Objects.requireNonNull(hashSum, "hashSum");
    }

    /** Text form stored in control tables: {@code rows:hashSum}. */
    public String text() {
        return rows + ":" + hashSum;
    }

    public static Checksum parse(String text) {
        if (text == null) {
            return null;
        }
        int colon = text.indexOf(':');
        return new Checksum(Long.parseLong(text.substring(0, colon)), new BigInteger(text.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return text();
    }
}
