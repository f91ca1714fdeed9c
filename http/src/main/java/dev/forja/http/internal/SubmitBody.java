package dev.forja.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.forja.engine.command.CommandKind;
import dev.forja.engine.command.OnDependents;
import dev.forja.engine.command.PlanMode;
import dev.forja.engine.input.Problem;
import dev.forja.engine.store.InventoryQuery;
import dev.forja.http.dto.ApiJson;
import dev.forja.http.dto.ProblemError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code POST /api/v1/commands} body, read and checked field by field, every error collected with
 * its line and column in the body. The forma itself is kept as the exact text of the body that
 * holds it, so that the engine's reader can name lines, which {@link #formaError} maps back to the
 * body's.
 *
 * @param kind apply or destroy; null when invalid
 * @param mode reconcile, patch, or destroy for a destroy
 * @param onDependents abort unless cascade was asked
 * @param simulate plan only
 * @param formaText the forma's JSON as it appears in the body, or null
 * @param query a destroy's inventory query instead of a forma, or null
 * @param errors every error found in the body outside the forma
 * @param formaAt where the forma starts in the body, or null
 */
public record SubmitBody(
    CommandKind kind,
    PlanMode mode,
    OnDependents onDependents,
    boolean simulate,
    String formaText,
    String query,
    List<ProblemError> errors,
    JsonLocation formaAt) {

  private static final ObjectMapper MAPPER = ApiJson.newMapper();
  private static final JsonFactory JSON = MAPPER.getFactory();
  private static final Set<String> FIELDS =
      Set.of("Command", "Mode", "Simulate", "OnDependents", "Forma", "Query");

  /** Where a top-level field's value starts and ends in the body. */
  private record Span(JsonLocation start, long end) {}

  /**
   * Reads {@code body}. Malformed JSON throws {@link BadRequestException} naming where; every other
   * error is collected in {@link #errors}.
   */
  public static SubmitBody read(String body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new BadRequestException(
          "malformed JSON in the request body",
          List.of(
              new ProblemError(
                  null,
                  at == null ? null : at.getLineNr(),
                  at == null ? null : at.getColumnNr(),
                  e.getOriginalMessage())));
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new BadRequestException(
          "the request body must be a JSON object",
          List.of(ProblemError.of("expected {\"Command\": \"apply\", \"Forma\": {...}}")));
    }
    return new Checks(root, spans(body)).read(body);
  }

  /** Where each top-level field's value lies in {@code body}, which is valid JSON. */
  private static Map<String, Span> spans(String body) {
    Map<String, Span> out = new HashMap<>();
    try (JsonParser p = JSON.createParser(body)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        JsonLocation start = p.currentTokenLocation();
        p.skipChildren();
        out.put(name, new Span(start, p.currentLocation().getCharOffset()));
      }
    } catch (IOException e) {
      throw new IllegalStateException("the body parsed once but not twice", e);
    }
    return out;
  }

  /** One of the forma reader's problems, located in the request body. */
  public ProblemError formaError(Problem p) {
    String field = "/Forma" + p.pointer();
    if (p.line() <= 0 || formaAt == null) {
      return new ProblemError(field, null, null, p.message());
    }
    int line = p.line() + formaAt.getLineNr() - 1;
    int column = p.line() == 1 ? p.column() + formaAt.getColumnNr() - 1 : p.column();
    return new ProblemError(field, line, column, p.message());
  }

  /** The field-by-field checks. */
  private static final class Checks {
    private final JsonNode root;
    private final Map<String, Span> spans;
    private final List<ProblemError> errors = new ArrayList<>();

    Checks(JsonNode root, Map<String, Span> spans) {
      this.root = root;
      this.spans = spans;
    }

    SubmitBody read(String body) {
      for (String name : new TreeSet<>(spans.keySet())) {
        if (!FIELDS.contains(name)) {
          error(name, "unknown field; known: " + String.join(", ", new TreeSet<>(FIELDS)));
        }
      }
      CommandKind kind = kind();
      boolean destroy = kind == CommandKind.DESTROY;
      PlanMode mode = destroy ? PlanMode.DESTROY : mode();
      OnDependents onDependents = onDependents();
      boolean simulate = simulate();
      JsonNode forma = root.get("Forma");
      JsonNode query = root.get("Query");
      String queryText = null;
      if (present(forma) && !forma.isObject()) {
        error("Forma", "must be a JSON object with Stacks, Targets and Resources");
      }
      if (present(query)) {
        queryText = query(query, destroy);
      }
      if (kind == CommandKind.APPLY && !present(forma)) {
        error(null, "an apply needs a Forma");
      }
      if (destroy && present(forma) == present(query)) {
        error(null, "a destroy needs either a Forma or a Query, not both");
      }
      String formaText = null;
      JsonLocation at = null;
      if (present(forma) && forma.isObject()) {
        Span s = spans.get("Forma");
        at = s.start();
        formaText = body.substring((int) s.start().getCharOffset(), (int) s.end());
      }
      return new SubmitBody(
          kind, mode, onDependents, simulate, formaText, queryText, List.copyOf(errors), at);
    }

    private CommandKind kind() {
      JsonNode n = root.get("Command");
      if (!present(n)) {
        error("Command", "is required: apply or destroy");
        return null;
      }
      String v = n.isTextual() ? n.asText().toLowerCase(Locale.ROOT) : "";
      switch (v) {
        case "apply":
          return CommandKind.APPLY;
        case "destroy":
          return CommandKind.DESTROY;
        default:
          error("Command", "must be apply or destroy, not " + n);
          return null;
      }
    }

    private PlanMode mode() {
      JsonNode n = root.get("Mode");
      if (!present(n)) {
        return PlanMode.RECONCILE;
      }
      String v = n.isTextual() ? n.asText().toLowerCase(Locale.ROOT) : "";
      if (v.equals("reconcile")) {
        return PlanMode.RECONCILE;
      }
      if (v.equals("patch")) {
        return PlanMode.PATCH;
      }
      error("Mode", "must be reconcile or patch, not " + n);
      return PlanMode.RECONCILE;
    }

    private OnDependents onDependents() {
      JsonNode n = root.get("OnDependents");
      if (!present(n)) {
        return OnDependents.ABORT;
      }
      String v = n.isTextual() ? n.asText().toLowerCase(Locale.ROOT) : "";
      if (v.equals("abort") || v.equals("cascade")) {
        return OnDependents.parse(v);
      }
      error("OnDependents", "must be abort or cascade, not " + n);
      return OnDependents.ABORT;
    }

    private boolean simulate() {
      JsonNode n = root.get("Simulate");
      if (!present(n)) {
        return false;
      }
      if (!n.isBoolean()) {
        error("Simulate", "must be true or false, not " + n);
        return false;
      }
      return n.asBoolean();
    }

    private String query(JsonNode n, boolean destroy) {
      if (!n.isTextual()) {
        error("Query", "must be an inventory query such as \"stack:net\", not " + n);
        return null;
      }
      if (!destroy) {
        error("Query", "only a destroy takes a Query; an apply takes a Forma");
      }
      try {
        InventoryQuery.parse(n.asText());
      } catch (IllegalArgumentException e) {
        error("Query", e.getMessage());
      }
      return n.asText();
    }

    private static boolean present(JsonNode n) {
      return n != null && !n.isNull();
    }

    private void error(String field, String message) {
      Span s = field == null ? null : spans.get(field);
      errors.add(
          new ProblemError(
              field == null ? null : "/" + field,
              s == null ? null : s.start().getLineNr(),
              s == null ? null : s.start().getColumnNr(),
              message));
    }
  }
}
