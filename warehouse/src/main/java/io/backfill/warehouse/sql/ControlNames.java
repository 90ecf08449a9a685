package io.backfill.warehouse.sql;

import io.backfill.core.TableRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the control objects in the control schema: {@code bf_checkpoint}, {@code bf_publish_log}, and
 * per target {@code stg__<schema>__<table>} (staging) and {@code crd__<schema>__<table>} (rollback
 * corridor). Names longer than 63 characters are cut and suffixed with a hash so they stay unique.
 */
public record ControlNames(String controlSchema) {

    public static final String CHECKPOINT = "bf_checkpoint";
    public static final String PUBLISH_LOG = "bf_publish_log";

    public String checkpoints() {
        return Sql.qualified(controlSchema, CHECKPOINT);
    }

    public String publishLog() {
        return Sql.qualified(controlSchema, PUBLISH_LOG);
    }

    public TableRef staging(TableRef target) {
        return new TableRef(controlSchema, shorten("stg__" + target.schema() + "__" + target.table()));
    }

    public TableRef corridor(TableRef target) {
        return new TableRef(controlSchema, shorten("crd__" + target.schema() + "__" + target.table()));
    }

    static String shorten(String name) {
        if (name.length() <= 63) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.US_ASCII));
            return name.substring(0, 54) + "_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
