package io.backfill.testsupport.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The monitoring files that ship in {@code deploy/}: Prometheus alert rules ({@code prometheus/alerts.yml},
 * read with SnakeYAML) and the Grafana dashboard ({@code grafana/backfill-coordinator.json}, Jackson). Parses
 * both (a syntax error fails the caller), pulls every metric name out of their PromQL, and says which service
 * exports each, so each service's test can check the names against its own real {@code /q/metrics} scrape.
 */
public final class MonitoringFiles {

    /** Who exports a metric. */
    public enum Exporter {
        PLANNER,
        EXECUTOR,
        VALIDATOR,
        /** Prometheus' own series ({@code up}). */
        PROMETHEUS,
        UNKNOWN
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "and",
            "or",
            "unless",
            "inf",
            "nan");

    private final Path deploy;

    /** @param deploy the repository's {@code deploy/} folder */
    public MonitoringFiles(Path deploy) {
        this.deploy = deploy;
    }

    /** From a module's working directory (Maven runs tests in the module folder). */
    public static MonitoringFiles ofRepository() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/prometheus"))) {
                return new MonitoringFiles(p.resolve("deploy"));
            }
        }
        throw new IllegalStateException("no deploy/prometheus above " + here);
    }

    public Path rules() {
        return deploy.resolve("prometheus/alerts.yml");
    }

    public Path dashboard() {
        return deploy.resolve("grafana/backfill-coordinator.json");
    }

    /** Every PromQL expression of the alert rules, by alert name. */
    @SuppressWarnings("unchecked")
    public Map<String, String> ruleExpressions() {
        Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions())).load(read(rules()));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                out.put(String.valueOf(rule.get("alert")), String.valueOf(rule.get("expr")));
            }
        }
        return out;
    }

    /** Every PromQL expression of the dashboard: panel targets and template-variable queries. */
    public List<String> dashboardExpressions() {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(read(dashboard()));
        } catch (IOException e) {
            throw new UncheckedIOException("dashboard is not valid JSON: " + dashboard(), e);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode panel : root.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : root.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                out.add(variable.path("query").asText());
            }
        }
        return out;
    }

    /** Every metric name both files use. */
    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        ruleExpressions().values().forEach(e -> names.addAll(metricsIn(e)));
        dashboardExpressions().forEach(e -> names.addAll(metricsIn(e)));
        return names;
    }

    /** The metric names these files use that {@code exporter} exports. */
    public Set<String> metricNames(Exporter exporter) {
        Set<String> names = new TreeSet<>();
        for (String name : metricNames()) {
            if (exporterOf(name) == exporter) {
                names.add(name);
            }
        }
        return names;
    }

    /** The metric names of one PromQL expression (functions, keywords, labels, strings and durations left out). */
    public static Set<String> metricsIn(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(promql);
        while (labelValues.find()) {
            names.add(labelValues.group(1));
        }
        String text = promql.replaceAll("label_values\\([^)]*\\)", " ")
                .replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ")
                .replaceAll("\\{[^}]*\\}", " ")
                .replaceAll("\\[[^\\]]*\\]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Matcher m = IDENTIFIER.matcher(text);
        while (m.find()) {
            String token = m.group();
            int after = m.end();
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            boolean function = after < text.length() && text.charAt(after) == '(';
            boolean inNumber = m.start() > 0 && Character.isDigit(text.charAt(m.start() - 1));
            if (!function && !inNumber && !KEYWORDS.contains(token.toLowerCase(java.util.Locale.ROOT))) {
                names.add(token);
            }
        }
        return names;
    }

    public static Exporter exporterOf(String metric) {
        if (metric.equals("up")) {
            return Exporter.PROMETHEUS;
        }
        if (metric.startsWith("backfill_executor_") || metric.startsWith("backfill_load_sampler_")) {
            return Exporter.EXECUTOR;
        }
        if (metric.startsWith("backfill_gate_")) {
            return Exporter.VALIDATOR;
        }
        if (metric.startsWith("backfill_")) {
            return Exporter.PLANNER;
        }
        return Exporter.UNKNOWN;
    }

    /** The sample names of a Prometheus text scrape ({@code name{labels} value}; comments left out). */
    public static Set<String> scrapedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = IDENTIFIER.matcher(line);
            if (m.lookingAt()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The names {@code exporter}'s metrics in these files use that {@code scrape} does not have. */
    public Set<String> missingFrom(String scrape, Exporter exporter) {
        Set<String> missing = metricNames(exporter);
        missing.removeAll(scrapedNames(scrape));
        return missing;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
