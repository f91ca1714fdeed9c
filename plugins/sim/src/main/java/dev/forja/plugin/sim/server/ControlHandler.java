package dev.forja.plugin.sim.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import dev.forja.plugin.sim.cloud.FailureRule;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimException;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The control API under {@code /_sim/} (INTERFACES.md, "The simulator server"): JSON in, JSON out,
 * bad input answered 400 with a problem naming the field.
 */
final class ControlHandler {
  static final String PREFIX = "/_sim/";

  // People read these answers: timestamps as ISO-8601 text.
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private static final Set<String> RULE_OPS = Set.of("Create", "Read", "Update", "Delete", "List");
  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "resources", Set.of("GET"),
          "oplog", Set.of("GET"),
          "config", Set.of("POST"),
          "gate", Set.of("POST"),
          "rules", Set.of("POST", "DELETE"),
          "oob", Set.of("POST"),
          "reset", Set.of("POST"));

  private final SimCloud cloud;

  ControlHandler(SimCloud cloud) {
    this.cloud = cloud;
  }

  void handle(HttpExchange exchange) throws IOException {
    String call = exchange.getRequestURI().getPath().substring(PREFIX.length());
    String method = exchange.getRequestMethod();
    Set<String> methods = ALLOWED.get(call);
    if (methods == null) {
      notFound(exchange, MAPPER);
      return;
    }
    if (!methods.contains(method)) {
      String allowed = String.join(", ", new TreeSet<>(methods));
      exchange.getResponseHeaders().set("Allow", allowed);
      Exchanges.sendProblem(
          exchange,
          MAPPER,
          405,
          "Method Not Allowed",
          method + " " + PREFIX + call + ": allowed " + allowed);
      return;
    }
    try {
      route(exchange, call, method);
    } catch (InvalidField e) {
      Exchanges.sendProblem(
          exchange, MAPPER, 400, "Invalid " + e.field(), PREFIX + call + ": " + e.getMessage());
    } catch (SimException e) {
      int status = "ResourceNotFoundException".equals(e.code()) ? 404 : e.httpStatus();
      Exchanges.sendProblem(exchange, MAPPER, status, e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      Exchanges.sendProblem(exchange, MAPPER, 400, "Bad Request", e.getMessage());
    }
  }

  /** Any path the simulator does not serve. */
  static void notFound(HttpExchange exchange, ObjectMapper mapper) throws IOException {
    Exchanges.sendProblem(
        exchange,
        mapper,
        404,
        "Not Found",
        "no such call: "
            + exchange.getRequestMethod()
            + " "
            + exchange.getRequestURI().getPath()
            + "; the simulator serves Cloud Control at POST / and its control API at "
            + PREFIX
            + "{resources,oplog,config,gate,rules,oob,reset}");
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  private void route(HttpExchange exchange, String call, String method) throws IOException {
    switch (call) {
      case "resources" -> sendJson(exchange, cloud.resources());
      case "oplog" -> sendJson(exchange, cloud.oplog());
      case "config" -> {
        cloud.configure(settings(body(exchange), cloud.settings()));
        Exchanges.sendNoContent(exchange);
      }
      case "gate" -> {
        cloud.gate(body(exchange).only(Set.of("Open")).bool("Open"));
        Exchanges.sendNoContent(exchange);
      }
      case "rules" -> {
        if ("DELETE".equals(method)) {
          cloud.clearRules();
        } else {
          cloud.addRule(rule(body(exchange)));
        }
        Exchanges.sendNoContent(exchange);
      }
      case "oob" -> outOfBand(exchange, body(exchange));
      case "reset" -> {
        cloud.reset();
        Exchanges.sendNoContent(exchange);
      }
      default -> throw new IllegalStateException("unrouted call " + call);
    }
  }

  /** Changes what the body names; a field left out keeps its value. */
  private static SimSettings settings(Fields in, SimSettings current) {
    in.only(Set.of("LatencyMs", "ThrottleRate", "ErrorRate"));
    Duration min = current.latencyMin();
    Duration max = current.latencyMax();
    ObjectNode latency = in.optionalObject("LatencyMs");
    if (latency != null) {
      Fields range = Fields.of(latency, "LatencyMs").only(Set.of("Min", "Max"));
      if (!range.has("Min") || !range.has("Max")) {
        throw new InvalidField("LatencyMs", "needs both Min and Max (milliseconds)");
      }
      int minMs = range.integer("Min", 0, Integer.MAX_VALUE, 0);
      int maxMs = range.integer("Max", 0, Integer.MAX_VALUE, 0);
      if (maxMs < minMs) {
        throw new InvalidField("LatencyMs", "Max (" + maxMs + ") is less than Min (" + minMs + ")");
      }
      min = Duration.ofMillis(minMs);
      max = Duration.ofMillis(maxMs);
    }
    return new SimSettings(
        min,
        max,
        in.number("ThrottleRate", 0, 1, current.throttleRate()),
        in.number("ErrorRate", 0, 1, current.errorRate()));
  }

  private static FailureRule rule(Fields in) {
    in.only(Set.of("Op", "TypeName", "Name", "ErrorCode", "Count"));
    String op = in.text("Op");
    if (!RULE_OPS.contains(op)) {
      throw new InvalidField("Op", "'" + op + "' is none of Create, Read, Update, Delete, List");
    }
    String errorCode = in.text("ErrorCode");
    if (errorCode.isBlank()) {
      throw new InvalidField("ErrorCode", "must not be blank");
    }
    return new FailureRule(
        op,
        in.optionalText("TypeName"),
        in.optionalText("Name"),
        errorCode,
        in.integer("Count", 1, Integer.MAX_VALUE, 1));
  }

  private void outOfBand(HttpExchange exchange, Fields in) throws IOException {
    in.only(Set.of("Action", "TypeName", "Identifier", "Properties"));
    String action = in.text("Action").toLowerCase(Locale.ROOT);
    String typeName = in.text("TypeName");
    switch (action) {
      case "create" -> {
        if (in.has("Identifier")) {
          throw new InvalidField("Identifier", "a create is given its identifier by the cloud");
        }
        ObjectNode properties = in.optionalObject("Properties");
        String identifier =
            cloud.outOfBandCreate(
                typeName, properties == null ? MAPPER.createObjectNode() : properties);
        ObjectNode answer = MAPPER.createObjectNode().put("Identifier", identifier);
        Exchanges.send(exchange, 200, Exchanges.JSON, MAPPER.writeValueAsBytes(answer));
      }
      case "update" -> {
        ObjectNode properties = in.optionalObject("Properties");
        if (properties == null) {
          throw new InvalidField("Properties", "required: the top-level properties to merge");
        }
        cloud.outOfBandUpdate(typeName, in.text("Identifier"), properties);
        Exchanges.sendNoContent(exchange);
      }
      case "delete" -> {
        cloud.outOfBandDelete(typeName, in.text("Identifier"));
        Exchanges.sendNoContent(exchange);
      }
      default ->
          throw new InvalidField(
              "Action", "'" + in.text("Action") + "' is none of create, update, delete");
    }
  }

  private static Fields body(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    if (bytes.length == 0) {
      throw new InvalidField("body", "expected a JSON object but the body is empty");
    }
    JsonNode body;
    try {
      body = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidField("body", "not JSON: " + e.getOriginalMessage());
    }
    return Fields.of(body, "body");
  }

  private static void sendJson(HttpExchange exchange, Object body) throws IOException {
    Exchanges.send(exchange, 200, Exchanges.JSON, MAPPER.writeValueAsBytes(body));
  }
}
