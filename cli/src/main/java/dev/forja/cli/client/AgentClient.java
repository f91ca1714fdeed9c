package dev.forja.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.cli.CliException;
import dev.forja.cli.ExitCode;
import dev.forja.http.dto.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The agent's HTTP API as the CLI uses it: JSON in, JSON out, every failure turned into a {@link
 * CliException} with the exit code scripts expect (INTERFACES.md): no agent answering is exit 3; a
 * refused request (4xx) is exit 2, but a conflict (409) is exit 1; an agent error (5xx) is exit 1.
 * The message carries the agent's problem detail and every validation error it listed.
 *
 * <p>Paths are relative to {@code /api/v1}: {@code client.get("/commands/" + id)}.
 */
public final class AgentClient {
  /** Where the agent listens unless {@code --agent} or {@code FORJA_AGENT_URL} says otherwise. */
  public static final String DEFAULT_URL = "http://127.0.0.1:49700";

  /** The environment variable naming the agent's URL. */
  public static final String URL_VARIABLE = "FORJA_AGENT_URL";

  /** The environment variable holding the API token. */
  public static final String TOKEN_VARIABLE = "FORJA_AGENT_TOKEN";

  private static final String API = "/api/v1";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * How long a plain request may take. Submitting a large forma is answered once it is planned and
   * stored, which the agent bounds itself; this only ends a wait on an agent that hangs.
   */
  private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = ApiJson.newMapper();

  private final URI base;
  private final Optional<String> token;
  private final HttpClient http;

  private AgentClient(URI base, Optional<String> token) {
    this.base = base;
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            // The agent speaks HTTP/1.1; skipping the h2c upgrade saves a round of headers.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /**
   * A client for the agent at {@code url} ({@code http://host:port}, any trailing slash ignored),
   * sending {@code token} as {@code Authorization: Bearer} when present.
   *
   * @throws CliException exit 2 when {@code url} is not an http or https URL
   */
  public static AgentClient of(String url, Optional<String> token) {
    return new AgentClient(parseUrl(url), token.filter(Predicate.not(String::isBlank)));
  }

  /**
   * The client a verb uses: the agent from {@code agentOption}, else {@code FORJA_AGENT_URL}, else
   * {@value #DEFAULT_URL}; the token from {@code tokenOption}, else {@code FORJA_AGENT_TOKEN}.
   *
   * @param agentOption {@code --agent}, or null
   * @param tokenOption {@code --token}, or null
   * @param env the environment, {@code System.getenv()}
   */
  public static AgentClient resolve(
      String agentOption, String tokenOption, Map<String, String> env) {
    String url = firstSet(agentOption, env.get(URL_VARIABLE), DEFAULT_URL);
    String token = firstSet(tokenOption, env.get(TOKEN_VARIABLE), null);
    return of(url, Optional.ofNullable(token));
  }

  private static String firstSet(String first, String second, String otherwise) {
    if (first != null && !first.isBlank()) {
      return first.strip();
    }
    if (second != null && !second.isBlank()) {
      return second.strip();
    }
    return otherwise;
  }

  private static URI parseUrl(String url) {
    String trimmed = url.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new URISyntaxException(url, "expected http://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw CliException.invalidInput(
          "'"
              + url
              + "' is not the agent's URL: expected http://HOST:PORT, such as "
              + DEFAULT_URL);
    }
  }

  /** The agent's base URL, such as {@code http://127.0.0.1:49700}. */
  public URI url() {
    return base;
  }

  /** {@code GET path}: the JSON body of a 2xx answer; anything else fails as the class says. */
  public JsonNode get(String path) {
    return json(send(request(path).GET()));
  }

  /** {@code GET path} for a body that is not JSON, such as {@code /metrics} or the OpenAPI. */
  public String getText(String path) {
    return send(request(path).GET()).body();
  }

  /**
   * {@code POST path} with {@code body} as JSON (a tree, or an API record such as {@code
   * SubmitCommand}): the JSON body of a 2xx answer.
   */
  public JsonNode post(String path, Object body) {
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))));
  }

  /**
   * Whether an agent answers {@code GET /health} with 200 at this URL. Never fails: no agent, or an
   * agent that is not healthy, is {@code false}.
   */
  public boolean healthy() {
    try {
      HttpResponse<Void> r =
          http.send(
              request("/health").timeout(CONNECT_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Reads the Server-Sent Events of {@code path} and hands each event's JSON {@code data} to {@code
   * onEvent} until it answers {@code false} or the stream ends.
   *
   * @return whether {@code onEvent} stopped the stream; {@code false} when the agent ended it first
   * @throws IOException when the stream cannot be opened or breaks: the caller may poll instead
   * @throws CliException exit 3 when no agent answers, as for any other request
   */
  public boolean events(String path, Predicate<JsonNode> onEvent) throws IOException {
    HttpRequest req = request(path).header("Accept", "text/event-stream").GET().build();
    HttpResponse<Stream<String>> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofLines());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
    try (Stream<String> lines = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException("the agent answered " + r.statusCode() + " to GET " + API + path);
      }
      StringBuilder data = new StringBuilder();
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.isEmpty()) {
          // A blank line ends an event; one with no data (a heartbeat) is nothing to hand on.
          if (data.length() > 0 && !onEvent.test(JSON.readTree(data.toString()))) {
            return true;
          }
          data.setLength(0);
        } else if (line.startsWith("data:")) {
          String value = line.substring(5);
          data.append(data.length() > 0 ? "\n" : "")
              .append(value.startsWith(" ") ? value.substring(1) : value);
        }
        // "event:", "id:", "retry:" and ":" comments carry nothing the caller needs.
      }
      return false;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** {@code ?name=value&…} of the entries whose value is not null, URL-encoded; "" when none. */
  public static String query(Map<String, ?> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach(
        (name, value) -> {
          if (value != null) {
            q.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
          }
        });
    return q.toString();
  }

  /** {@code segment} encoded to sit in a path, such as a command id. */
  public static String segment(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + API + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder builder) {
    HttpRequest req = builder.build();
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw unreachable(e);
    } catch (HttpTimeoutException e) {
      throw CliException.agentUnreachable(
          "the agent at " + base + " did not answer " + describe(req) + " within " + timeout(), e);
    } catch (IOException e) {
      throw CliException.agentUnreachable(
          "lost the connection to the agent at " + base + " during " + describe(req) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(e);
    }
    if (r.statusCode() / 100 != 2) {
      throw refused(req, r);
    }
    return r;
  }

  private static String timeout() {
    return REQUEST_TIMEOUT.toMinutes() + " minutes";
  }

  private CliException unreachable(IOException e) {
    return CliException.agentUnreachable(
        "no agent answers at "
            + base
            + " ("
            + (e instanceof HttpConnectTimeoutException
                ? "connection timed out"
                : "connection refused")
            + "): start one with 'forja agent start', or point --agent or "
            + URL_VARIABLE
            + " at it",
        e);
  }

  private static CliException interrupted(InterruptedException e) {
    return new CliException(ExitCode.FAILED, "interrupted while waiting for the agent", e);
  }

  private static String describe(HttpRequest req) {
    return req.method() + " " + req.uri().getRawPath();
  }

  /** A non-2xx answer as a failure: the problem's title, detail and every listed error. */
  private CliException refused(HttpRequest req, HttpResponse<String> r) {
    int status = r.statusCode();
    StringBuilder m = new StringBuilder();
    JsonNode problem = parseQuietly(r.body());
    String title = text(problem, "title");
    String detail = text(problem, "detail");
    m.append(describe(req)).append(": ").append(status);
    if (title != null) {
      m.append(' ').append(title);
    }
    if (detail != null && !detail.equals(title)) {
      m.append(": ").append(detail);
    } else if (problem == null && !r.body().isBlank()) {
      m.append(": ").append(r.body().strip());
    }
    JsonNode errors = problem == null ? null : problem.get("errors");
    if (errors != null && errors.isArray()) {
      for (JsonNode e : errors) {
        m.append("\n  - ").append(errorText(e));
      }
    }
    if (status == 401 || status == 403) {
      m.append("\n  (the agent wants an API token: pass --token or set ")
          .append(TOKEN_VARIABLE)
          .append(')');
    }
    ExitCode code;
    if (status == 409 || status >= 500) {
      code = ExitCode.FAILED;
    } else {
      code = ExitCode.INVALID_INPUT;
    }
    return new CliException(code, m.toString());
  }

  private static String errorText(JsonNode e) {
    if (e.isTextual()) {
      return e.asText();
    }
    String message = text(e, "message");
    if (message == null) {
      message = text(e, "detail");
    }
    if (message == null) {
      return e.toString();
    }
    // The field is a pointer into the request body, such as /Forma/Resources/0/Type; its line
    // and column are the body's, not the user's file's, so they are left out.
    String where = text(e, "field");
    return where == null || where.isEmpty() ? message : where + ": " + message;
  }

  private static String text(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static JsonNode parseQuietly(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.isObject() ? n : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private JsonNode json(HttpResponse<String> r) {
    try {
      return r.body().isBlank() ? JSON.missingNode() : JSON.readTree(r.body());
    } catch (JsonProcessingException e) {
      throw new CliException(
          ExitCode.FAILED,
          "the agent at " + base + " answered " + describe(r.request()) + " with no JSON: " + e,
          e);
    }
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(Objects.requireNonNull(body, "body"));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the request body", e);
    }
  }
}
