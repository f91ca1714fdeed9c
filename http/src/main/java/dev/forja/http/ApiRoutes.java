package dev.forja.http;

import dev.forja.actors.ForjaEngine;
import dev.forja.http.internal.ErrorHandling;
import dev.forja.http.internal.Responses;
import dev.forja.http.metrics.MetricsEndpoint;
import dev.forja.http.routes.CommandRoutes;
import dev.forja.http.routes.InventoryRoutes;
import dev.forja.http.routes.OpenApiRoute;
import dev.forja.http.routes.ResourceRoutes;
import dev.forja.http.routes.StatusRoutes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Every route of the agent's API under {@value #PREFIX}, with what they share: problem+json for
 * every error, the body size limit, and the bearer token when one is configured. {@link #ENDPOINTS}
 * is the one list of what is served; a test checks it against the routes and the OpenAPI document.
 */
public final class ApiRoutes extends AllDirectives {
  /** Where the API lives. */
  public static final String PREFIX = "/api/v1";

  /**
   * One operation of the API.
   *
   * @param method the HTTP method
   * @param path the path template under {@link #PREFIX}, such as {@code /commands/{id}}
   */
  public record Endpoint(String method, String path) {
    /** The full path template, such as {@code /api/v1/commands/{id}}. */
    public String fullPath() {
      return PREFIX + path;
    }
  }

  /** Every operation the API serves. */
  public static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("GET", "/health"),
          new Endpoint("POST", "/commands"),
          new Endpoint("GET", "/commands"),
          new Endpoint("GET", "/commands/{id}"),
          new Endpoint("GET", "/commands/{id}/events"),
          new Endpoint("POST", "/commands/{id}/cancel"),
          new Endpoint("GET", "/resources"),
          new Endpoint("GET", "/resources/extract"),
          new Endpoint("GET", "/stacks"),
          new Endpoint("GET", "/targets"),
          new Endpoint("GET", "/stats"),
          new Endpoint("GET", "/metrics"),
          new Endpoint("GET", "/openapi.yaml"));

  private static final String HEALTH = "/health";

  private final AgentSettings settings;
  private final ErrorHandling errors = new ErrorHandling();
  private final StatusRoutes status;
  private final CommandRoutes commands;
  private final ResourceRoutes resources;
  private final InventoryRoutes inventory;
  private final OpenApiRoute openApi = new OpenApiRoute();

  private ApiRoutes(ForjaEngine engine, AgentSettings settings, MetricsEndpoint metrics) {
    this.settings = settings;
    this.status = new StatusRoutes(engine, metrics);
    this.commands = new CommandRoutes(engine);
    this.resources = new ResourceRoutes(engine);
    this.inventory = new InventoryRoutes(engine);
  }

  /** The routes over {@code engine}; {@code metrics} is what {@code /metrics} serves. */
  public static ApiRoutes create(
      ForjaEngine engine, AgentSettings settings, MetricsEndpoint metrics) {
    return new ApiRoutes(engine, settings, metrics);
  }

  /** The route to bind: every operation, sealed so that every error is problem+json. */
  public Route route() {
    return handleExceptions(
        errors.exceptions(),
        () ->
            handleRejections(
                errors.rejections(),
                () ->
                    withRequestTimeoutResponse(
                        ErrorHandling::timedOut,
                        () ->
                            withSizeLimit(
                                settings.maxBodyBytes(),
                                () ->
                                    pathPrefix(
                                        "api",
                                        () ->
                                            pathPrefix(
                                                "v1",
                                                () ->
                                                    concat(
                                                        status.health(),
                                                        authorized(this::operations))))))));
  }

  private Route operations() {
    return concat(
        commands.route(), resources.route(), inventory.route(), status.route(), openApi.route());
  }

  /**
   * {@code inner} if no token is configured or the request bears it; else 401. Health is exempt:
   * its path passes through unanswered, so that a wrong method on it still gets 405.
   */
  private Route authorized(Supplier<Route> inner) {
    Optional<String> token = settings.token();
    if (token.isEmpty()) {
      return inner.get();
    }
    byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
    return extractUnmatchedPath(
        rest ->
            rest.equals(HEALTH)
                ? reject()
                : optionalHeaderValueByName(
                    "Authorization",
                    given ->
                        given.isPresent() && bears(given.get(), expected)
                            ? inner.get()
                            : complete(unauthorized(given.isPresent()))));
  }

  private static HttpResponse unauthorized(boolean gaveOne) {
    String detail =
        gaveOne
            ? "the bearer token is not the agent's"
            : "this agent requires 'Authorization: Bearer <token>' (FORJA_AGENT_TOKEN)";
    return Responses.problem(StatusCodes.UNAUTHORIZED, detail)
        .addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "forja")));
  }

  /** Compares in constant time: how long a wrong guess takes must not tell how close it was. */
  private static boolean bears(String header, byte[] expected) {
    return MessageDigest.isEqual(header.strip().getBytes(StandardCharsets.UTF_8), expected);
  }
}
