package io.backfill.events.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidator;
import org.apache.avro.SchemaValidatorBuilder;

/**
 * Decides whether a schema may replace its released version: FULL compatibility, i.e. consumers on
 * the released schema read data written with the new one and consumers on the new schema read old
 * data. Explains each violation by the field it is about.
 */
final class CompatibilityGuard {

    private final SchemaValidator fullCompatibility =
            new SchemaValidatorBuilder().mutualReadStrategy().validateAll();

    /** One line per problem; empty when {@code candidate} may replace {@code released}. */
    List<String> violations(Schema candidate, Schema released) {
        try {
            fullCompatibility.validate(candidate, List.of(released));
            return List.of();
        } catch (SchemaValidationException e) {
            List<String> problems = new ArrayList<>();
            explain("new readers of old data", candidate, released, problems);
            explain("old readers of new data", released, candidate, problems);
            if (problems.isEmpty()) {
                problems.add(candidate.getFullName() + ": " + e.getMessage());
            }
            return problems;
        }
    }

    /** Violations for every released type that still exists; a removed type is a violation too. */
    List<String> violations(Map<String, Schema> current, Map<String, Schema> released) {
        List<String> problems = new ArrayList<>();
        released.forEach((name, releasedSchema) -> {
            Schema candidate = current.get(name);
            if (candidate == null) {
                problems.add(name + ": released type was removed");
            } else {
                problems.addAll(violations(candidate, releasedSchema));
            }
        });
        return problems;
    }

    private static void explain(String who, Schema reader, Schema writer, List<String> problems) {
        for (Incompatibility incompatibility : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult()
                .getIncompatibilities()) {
            problems.add(reader.getFullName() + " (" + who + ") at " + incompatibility.getLocation() + ": "
                    + incompatibility.getType() + " " + incompatibility.getMessage());
        }
    }
}
