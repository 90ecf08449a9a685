package io.backfill.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads a backfill request file, YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}; any other name
 * is read as YAML, which JSON is a subset of), into the JSON body {@code POST /backfills} takes. Only the
 * syntax is checked here, with the line and column of the first error; the planner names every missing or
 * malformed field, so the CLI and every other client get the same answers.
 */
public final class RequestFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RequestFile() {}

    /** The request as a JSON object; {@link CliException} with {@link ExitCodes#BAD_INPUT} when unusable. */
    public static JsonNode read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.BAD_INPUT, file + ": no such file");
        } catch (MalformedInputException e) {
            throw new CliException(ExitCodes.BAD_INPUT, file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new CliException(ExitCodes.BAD_INPUT, file + ": cannot read (" + e.getMessage() + ")");
        }
        return parse(file.toString(), text);
    }

    /** Parses {@code text}; {@code name} says which file (its extension picks JSON or YAML). */
    public static JsonNode parse(String name, String text) {
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String position = where == null || where.getLineNr() < 1
                    ? ""
                    : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new CliException(
                    ExitCodes.BAD_INPUT,
                    name + ": " + (json ? "JSON" : "YAML") + " syntax error" + position + ": "
                            + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new CliException(ExitCodes.BAD_INPUT, name + ": empty file, expected a backfill request");
        }
        if (!root.isObject()) {
            throw new CliException(
                    ExitCodes.BAD_INPUT,
                    name + ": expected a mapping of request fields (backfillId, target, range, ...), found "
                            + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return root;
    }

    /** The body to send. */
    public static String toJson(JsonNode request) {
        try {
            return JSON.writeValueAsString(request);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }
}
