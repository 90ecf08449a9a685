package io.backfill.events.registry;

import io.backfill.events.topics.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each topic's value schema, dereferenced (every named type inline), as {@code <topic>.avsc}: what
 * a producer in another language needs to write a topic, with nothing to assemble by hand.
 */
public final class SchemaExport {

    private SchemaExport() {}

    /** Writes one file per topic into {@code dir} (created if missing); returns the files written. */
    public static List<Path> write(Path dir, List<Topic<?>> topics) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        for (Topic<?> topic : topics) {
            Path file = dir.resolve(topic.name() + ".avsc");
            Files.writeString(file, ValueSchemas.schema(topic).toString(true) + "\n", StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }
}
