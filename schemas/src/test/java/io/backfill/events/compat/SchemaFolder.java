package io.backfill.events.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * Reads a folder of {@code .avsc} files (one named type per file, referring to each other by name)
 * into schemas keyed by full name, whatever order the files come in.
 */
final class SchemaFolder {

    private SchemaFolder() {}

    static Map<String, Schema> read(Path folder) {
        List<String> pending = new ArrayList<>(texts(folder));
        List<String> ordered = new ArrayList<>();
        // A file parses once every type it names is known: keep adding the ones that parse.
        while (!pending.isEmpty()) {
            int before = pending.size();
            for (var it = pending.iterator(); it.hasNext(); ) {
                String text = it.next();
                if (parses(ordered, text)) {
                    ordered.add(text);
                    it.remove();
                }
            }
            if (pending.size() == before) {
                throw new IllegalStateException(
                        folder + " has schemas that name unknown types: " + describe(ordered, pending.get(0)));
            }
        }
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> byName = new LinkedHashMap<>();
        for (String text : ordered) {
            Schema schema = parser.parse(text);
            byName.put(schema.getFullName(), schema);
        }
        return byName;
    }

    private static boolean parses(List<String> known, String candidate) {
        try {
            Schema.Parser parser = new Schema.Parser();
            known.forEach(parser::parse);
            parser.parse(candidate);
            return true;
        } catch (AvroRuntimeException e) {
            return false;
        }
    }

    private static String describe(List<String> known, String candidate) {
        try {
            Schema.Parser parser = new Schema.Parser();
            known.forEach(parser::parse);
            parser.parse(candidate);
            return "none";
        } catch (AvroRuntimeException e) {
            return e.getMessage();
        }
    }

    private static List<String> texts(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> p.toString().endsWith(".avsc"))
                    .sorted()
                    .map(SchemaFolder::readText)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
