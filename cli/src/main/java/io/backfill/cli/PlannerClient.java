package io.backfill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The planner's REST API as the CLI uses it ({@code POST /backfills}, {@code GET /backfills[/{id}]},
 * {@code POST /backfills/{id}/pause|resume|cancel|approve|rollback}, {@code GET|PUT /warehouse/admission},
 * {@code POST|DELETE /warehouse/throttle} and {@code /backfills/{id}/throttle}). Every failure becomes a
 * {@link CliException} with a message naming the planner URL and what went wrong, and an exit code: 400 (the
 * planner's validation, every problem listed) {@link ExitCodes#BAD_INPUT}, 404 {@link ExitCodes#NOT_FOUND},
 * 409 (a command the backfill's state refuses, naming the state) {@link ExitCodes#REFUSED}, 401 (not signed in)
 * {@link ExitCodes#NOT_SIGNED_IN}, 403 (without the role) {@link ExitCodes#FORBIDDEN}. Every call carries the
 * {@link Credentials} given, if any.
 */
public final class PlannerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Credentials credentials;
    private final HttpClient http;
    private final Duration timeout;

    /** @param credentials how to sign in; null sends none (the planner answers 401) */
    public PlannerClient(String baseUrl, Credentials credentials, Duration timeout) {
        this.base = baseUri(baseUrl);
        this.credentials = credentials;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    static URI baseUri(String url) {
        String trimmed = url == null ? "" : url.strip().replaceFirst("/+$", "");
        try {
            URI uri = URI.create(trimmed);
            if (uri.getScheme() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    ExitCodes.BAD_INPUT, "--planner '" + url + "' is not a URL like http://localhost:8080");
        }
    }

    public String baseUrl() {
        return base.toString();
    }

    /** Submits a request; returns the backfill id the planner accepted it under. */
    public String submit(String requestJson) {
        JsonNode answer = send(
                HttpRequest.newBuilder(uri("/backfills"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(requestJson)),
                "submit");
        return answer.path("backfillId").asText();
    }

    /** Every backfill's status, newest first. */
    public List<JsonNode> list() {
        JsonNode answer = send(HttpRequest.newBuilder(uri("/backfills")).GET(), "list backfills");
        List<JsonNode> all = new ArrayList<>();
        answer.forEach(all::add);
        return all;
    }

    /** One backfill's status; {@link ExitCodes#NOT_FOUND} when the planner does not know it. */
    public JsonNode status(String backfillId) {
        return send(
                HttpRequest.newBuilder(uri("/backfills/" + encode(backfillId))).GET(), "status of " + backfillId);
    }

    /**
     * One backfill's status with one page of its phases: {@code phaseLimit} phases from sequence
     * {@code phaseOffset}; the answer's {@code phasesNext} is the next page's offset (null after the last).
     */
    public JsonNode status(String backfillId, int phaseOffset, int phaseLimit) {
        return send(
                HttpRequest.newBuilder(uri("/backfills/" + encode(backfillId) + "?phaseOffset=" + phaseOffset
                                + "&phaseLimit=" + phaseLimit))
                        .GET(),
                "status of " + backfillId);
    }

    /** One page of a backfill's phases, only those in {@code state} when it is given; {@code next} continues. */
    public JsonNode phases(String backfillId, int offset, int limit, String state) {
        String query = "?offset=" + offset + "&limit=" + limit
                + (state == null || state.isBlank() ? "" : "&state=" + encode(state));
        return send(
                HttpRequest.newBuilder(uri("/backfills/" + encode(backfillId) + "/phases" + query))
                        .GET(),
                "phases of " + backfillId);
    }

    /** One page of a backfill's audit history: {@code {backfillId, total, offset, events[]}}. */
    public JsonNode history(String backfillId, int offset, int limit) {
        return send(
                HttpRequest.newBuilder(uri(
                                "/backfills/" + encode(backfillId) + "/history?offset=" + offset + "&limit=" + limit))
                        .GET(),
                "history of " + backfillId);
    }

    /** One page of one phase's partitions; {@code next} continues. */
    public JsonNode partitions(String backfillId, int sequence, int offset, int limit) {
        return send(
                HttpRequest.newBuilder(uri("/backfills/" + encode(backfillId) + "/phases/" + sequence
                                + "/partitions?offset=" + offset + "&limit=" + limit))
                        .GET(),
                "partitions of phase " + sequence + " of " + backfillId);
    }

    /**
     * Sends a command: {@code pause}, {@code resume}, {@code cancel}, {@code approve} or {@code rollback}
     * with its optional query parameters ({@code phaseId}, {@code partition}); returns the event id.
     */
    public String command(String backfillId, String verb, Map<String, String> query) {
        String params = query.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI target = uri("/backfills/" + encode(backfillId) + "/" + verb + (params.isEmpty() ? "" : "?" + params));
        JsonNode answer =
                send(HttpRequest.newBuilder(target).POST(HttpRequest.BodyPublishers.noBody()), verb + " " + backfillId);
        return answer.path("eventId").asText();
    }

    /** The warehouse's admission settings overrides and manual throttles in force ({@code GET /warehouse/admission}). */
    public JsonNode admission() {
        return send(HttpRequest.newBuilder(uri("/warehouse/admission")).GET(), "admission control");
    }

    /** Replaces the admission settings overrides ({@code PUT /warehouse/admission}); returns the event id. */
    public String setAdmission(String json) {
        JsonNode answer = send(
                HttpRequest.newBuilder(uri("/warehouse/admission"))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)),
                "admission set");
        return answer.path("eventId").asText();
    }

    /**
     * Throttles the warehouse ({@code backfillId} null) or one backfill ({@code POST .../throttle}); returns
     * the planner's answer (eventId, expiresAt).
     */
    public JsonNode throttle(String backfillId, String json) {
        return send(
                HttpRequest.newBuilder(throttleUri(backfillId))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                "throttle " + (backfillId == null ? "the warehouse" : backfillId));
    }

    /** Lifts the warehouse's ({@code backfillId} null) or one backfill's throttle; returns the event id. */
    public String unthrottle(String backfillId) {
        JsonNode answer = send(
                HttpRequest.newBuilder(throttleUri(backfillId)).DELETE(),
                "unthrottle " + (backfillId == null ? "the warehouse" : backfillId));
        return answer.path("eventId").asText();
    }

    private URI throttleUri(String backfillId) {
        return uri(backfillId == null ? "/warehouse/throttle" : "/backfills/" + encode(backfillId) + "/throttle");
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        if (credentials != null) {
            request.header("Authorization", credentials.authorization());
        }
        HttpResponse<String> response;
        try {
            response = http.send(
                    request.timeout(timeout)
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out after " + timeout.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw unreachable("connection refused", e);
        } catch (IOException e) {
            throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.UNREACHABLE, "interrupted waiting for the planner", e);
        }
        int code = response.statusCode();
        JsonNode body = parse(response.body());
        if (code >= 200 && code < 300) {
            if (body == null) {
                throw new CliException(
                        ExitCodes.PLANNER_ERROR, what + ": the planner answered " + code + " with no JSON body");
            }
            return body;
        }
        List<String> problems = problems(body);
        String detail = problems.isEmpty() ? "" : ":\n  - " + String.join("\n  - ", problems);
        throw switch (code) {
            case 400 ->
                new CliException(
                        ExitCodes.BAD_INPUT,
                        what + ": the planner refused the request (" + problems.size()
                                + (problems.size() == 1 ? " problem" : " problems") + "; fix them and submit again)"
                                + detail);
            case 409 ->
                new CliException(
                        ExitCodes.REFUSED,
                        what + ": refused"
                                + (body != null && body.hasNonNull("state")
                                        ? " (the backfill is "
                                                + body.path("state").asText() + ")"
                                        : "")
                                + detail);
            case 404 ->
                new CliException(
                        ExitCodes.NOT_FOUND,
                        problems.isEmpty() ? what + ": not found at " + base : String.join("; ", problems));
            case 401 ->
                new CliException(
                        ExitCodes.NOT_SIGNED_IN,
                        what + ": not signed in: the planner at " + base
                                + (credentials == null
                                        ? " needs credentials: pass --token TOKEN (env BACKFILL_TOKEN) or --user"
                                                + " NAME:PASSWORD (env BACKFILL_USER)"
                                        : " did not accept " + credentials.who()
                                                + " (wrong password, or a token expired or from an issuer it does not"
                                                + " trust)"));
            case 403 ->
                new CliException(
                        ExitCodes.FORBIDDEN,
                        what + ": forbidden: " + signedInAs() + " lacks the role this needs (viewer to read,"
                                + " submitter to submit, operator for pause, resume, cancel, approve and rollback, throttles and"
                                + " admission settings)");
            case 503 ->
                new CliException(
                        ExitCodes.UNREACHABLE, what + ": the planner at " + base + " is not ready yet" + detail);
            default ->
                new CliException(
                        ExitCodes.PLANNER_ERROR, what + ": the planner at " + base + " answered HTTP " + code + detail);
        };
    }

    private String signedInAs() {
        return credentials == null ? "the anonymous caller" : credentials.who();
    }

    private CliException unreachable(String reason, Exception cause) {
        return new CliException(
                ExitCodes.UNREACHABLE,
                "cannot reach the planner at " + base + " (" + reason
                        + "); is it running? Set --planner or BACKFILL_PLANNER_URL",
                cause);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static List<String> problems(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body != null) {
            body.path("problems").forEach(p -> problems.add(p.asText()));
        }
        return problems;
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Query parameters in insertion order, nulls allowed (they are left out). */
    static Map<String, String> query(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
