package io.backfill.events.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;

/**
 * A small client of the Confluent Schema Registry REST API, the API Confluent Schema Registry, Redpanda,
 * Karapace and Apicurio ({@code /apis/ccompat/v7}) all serve. Confluent's own client is not used: it
 * cannot be had as a dependency here, and the serdes need only these few calls.
 *
 * <p>Schemas by id and ids by (subject, schema) are cached for the life of the client: both are
 * immutable in a registry, so a cached answer never goes stale, and a hot serializer or deserializer
 * asks the registry once per schema. Errors are typed: 404 {@link SchemaNotFoundException}, 409 {@link
 * IncompatibleSchemaException}, 5xx or no answer {@link RegistryUnavailableException} after a bounded
 * number of attempts, anything else {@link SchemaRegistryException}; every message names the request
 * and carries the registry's own reason.
 */
public final class ConfluentRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final int attempts;
    private final Duration backoff;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySchema = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    private record SubjectSchema(String subject, Schema schema) {}

    /** A registry at {@code baseUrl} (e.g. {@code http://schema-registry:8081}), three attempts per request. */
    public ConfluentRegistryClient(String baseUrl) {
        this(baseUrl, 3, Duration.ofMillis(200));
    }

    /**
     * @param attempts how often a request that got 5xx or no answer is tried in all (at least 1)
     * @param backoff pause before the second attempt, doubled before each further one
     */
    public ConfluentRegistryClient(String baseUrl, int attempts, Duration backoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.attempts = attempts;
        this.backoff = backoff;
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /**
     * Registers {@code schema} under {@code subject} (a no-op answering the existing id when it is there
     * already) and returns its id.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility level refuses it
     */
    public int register(String subject, Schema schema) {
        Integer cached = idsBySchema.get(new SubjectSchema(subject, schema));
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = answer.path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    /** The id of {@code schema} under {@code subject}, or empty when the subject or that schema is not registered. */
    public OptionalInt lookup(String subject, Schema schema) {
        Integer cached = idsBySchema.get(new SubjectSchema(subject, schema));
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        try {
            JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
            int id = answer.path("id").asInt();
            remember(subject, schema, id);
            return OptionalInt.of(id);
        } catch (SchemaNotFoundException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The schema registered under {@code id}.
     *
     * @throws SchemaNotFoundException when no schema has that id
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "/schemas/ids/" + id, null);
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        schemasById.put(id, schema);
        return schema;
    }

    /** The latest version of {@code subject} with its id, or empty when the subject does not exist. */
    public Optional<RegisteredSchema> latest(String subject) {
        try {
            JsonNode answer = send("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
            return Optional.of(new RegisteredSchema(
                    subject,
                    answer.path("version").asInt(),
                    answer.path("id").asInt(),
                    new Schema.Parser().parse(answer.path("schema").asText())));
        } catch (SchemaNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every subject the registry has. */
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        send("GET", "/subjects", null).forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    /** Sets the compatibility level of {@code subject} (BACKWARD, FORWARD, FULL, their _TRANSITIVE forms, NONE). */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        send("PUT", "/config/" + encode(subject), body);
    }

    /** The compatibility level set on {@code subject} itself, or empty when it has none of its own. */
    public Optional<String> compatibility(String subject) {
        try {
            JsonNode answer = send("GET", "/config/" + encode(subject), null);
            // Confluent answers compatibilityLevel; some registries answer compatibility.
            JsonNode level =
                    answer.has("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
            return level == null || level.isNull() ? Optional.empty() : Optional.of(level.asText());
        } catch (SchemaNotFoundException e) {
            return Optional.empty();
        }
    }

    /** How many HTTP requests this client has sent (attempts included): what the caches save shows here. */
    public long requestsSent() {
        return requests.get();
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySchema.put(new SubjectSchema(subject, schema), id);
        schemasById.putIfAbsent(id, schema);
    }

    private static ObjectNode schemaBody(Schema schema) {
        // No schemaType: AVRO is the default everywhere, and older registries reject the field.
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private JsonNode send(String method, String path, JsonNode body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(15))
                .header("Accept", CONTENT_TYPE + ", application/json")
                .header("Content-Type", CONTENT_TYPE)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        String what = method + " " + baseUrl + path;
        IOException lastFailure = null;
        int lastStatus = 0;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(backoff.multipliedBy(1L << (attempt - 2)));
            }
            HttpResponse<String> response;
            try {
                requests.incrementAndGet();
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                lastStatus = 0;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException(what + ": interrupted", 0, new IOException("interrupted", e));
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(what, response.body());
            }
            RegistryError error = RegistryError.of(status, response.body());
            if (status >= 500) {
                lastStatus = status;
                lastFailure = new IOException("HTTP " + status + ": " + error.message());
                continue;
            }
            String message = what + " answered " + status + (error.code() == 0 ? "" : " (error " + error.code() + ")")
                    + ": " + error.message();
            throw switch (status) {
                case 404 -> new SchemaNotFoundException(message, error.code());
                case 409 -> new IncompatibleSchemaException(message, error.code());
                default -> new SchemaRegistryException(message, status, error.code(), null);
            };
        }
        throw new RegistryUnavailableException(
                what + " failed " + attempts + (attempts == 1 ? " time" : " times") + ", last: "
                        + lastFailure.getMessage(),
                lastStatus,
                lastFailure);
    }

    private static JsonNode parse(String what, String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException(what + " answered something that is not JSON: " + body, 200, 0, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The {@code error_code} and {@code message} of a Confluent-style error body, or the raw body. */
    record RegistryError(int code, String message) {
        static RegistryError of(int status, String body) {
            try {
                JsonNode json = JSON.readTree(body);
                if (json != null && json.has("message")) {
                    return new RegistryError(
                            json.path("error_code").asInt(0),
                            json.get("message").asText());
                }
            } catch (IOException | RuntimeException e) {
                // not JSON: fall through to the raw body
            }
            return new RegistryError(0, body == null || body.isBlank() ? "HTTP " + status : body.strip());
        }
    }

    /** One version of a subject. */
    public record RegisteredSchema(String subject, int version, int id, Schema schema) {}
}
