package dev.forja.cli.client.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A forma in its JSON wire shape written as a Pkl module that amends {@code forja:/Forma.pkl}: what
 * {@code forja extract -o pkl} prints. Evaluated, the module renders the same JSON back. Objects
 * are written as Pkl object bodies and lists as {@code new Listing}, so that an empty list stays a
 * list. A null property comes back absent: Pkl's JSON renderer leaves null properties out.
 */
public final class PklForma {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

  /** Pkl's keywords, reserved or not: an identifier that is one is written in backticks. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "abstract",
          "amends",
          "as",
          "case",
          "class",
          "const",
          "delete",
          "else",
          "extends",
          "external",
          "false",
          "fixed",
          "for",
          "function",
          "hidden",
          "if",
          "import",
          "in",
          "is",
          "let",
          "local",
          "module",
          "new",
          "nothing",
          "null",
          "open",
          "out",
          "outer",
          "override",
          "protected",
          "read",
          "record",
          "super",
          "switch",
          "this",
          "throw",
          "trace",
          "true",
          "typealias",
          "unknown",
          "vararg",
          "when");

  private static final String INDENT = "  ";

  private PklForma() {}

  /** The Pkl module for {@code forma}, a JSON object with the forma's fields. */
  public static String render(JsonNode forma) {
    StringBuilder b = new StringBuilder();
    b.append("// Extracted by forja extract: the inventory as a forma.\n");
    b.append("amends \"forja:/Forma.pkl\"\n");
    for (Map.Entry<String, JsonNode> f : forma.properties()) {
      b.append('\n');
      JsonNode value = f.getValue();
      if (f.getKey().equals("Description") && value.isTextual()) {
        // JSON may give the description as text alone; the base module's class wants {Text}.
        value = JsonNodeFactory.instance.objectNode().put("Text", value.asText());
      }
      member(b, f.getKey(), value, 0, true);
    }
    return b.toString();
  }

  /**
   * A property. At the top level, lists amend the base module's typed listings ({@code Stacks { new
   * { … } }}), so their elements take its classes; below, a list is a new {@code Listing}.
   */
  private static void member(StringBuilder b, String name, JsonNode value, int depth, boolean top) {
    String indent = INDENT.repeat(depth);
    boolean identifier = IDENTIFIER.matcher(name).matches();
    String key =
        identifier && !KEYWORDS.contains(name)
            ? name
            : identifier || (name.indexOf('`') < 0 && name.indexOf('\n') < 0)
                ? "`" + name + "`"
                : "[" + string(name) + "]";
    if (value.isObject() && !isSecret(value)) {
      b.append(indent).append(key).append(" {\n");
      body(b, value, depth + 1);
      b.append(indent).append("}\n");
    } else if (value.isArray() && top) {
      b.append(indent).append(key).append(" {\n");
      elements(b, value, depth + 1);
      b.append(indent).append("}\n");
    } else {
      if (isSecret(value)) {
        b.append(indent)
            .append("// A secret, redacted: write new Opaque { Value = read(\"env:…\") }.\n");
      }
      b.append(indent).append(key).append(" = ");
      value(b, value, depth);
      b.append('\n');
    }
  }

  private static void body(StringBuilder b, JsonNode object, int depth) {
    for (Map.Entry<String, JsonNode> f : object.properties()) {
      member(b, f.getKey(), f.getValue(), depth, false);
    }
  }

  private static void elements(StringBuilder b, JsonNode array, int depth) {
    for (JsonNode e : array) {
      b.append(INDENT.repeat(depth));
      value(b, e, depth);
      b.append('\n');
    }
  }

  private static void value(StringBuilder b, JsonNode v, int depth) {
    String indent = INDENT.repeat(depth);
    if (v.isObject()) {
      b.append("new {\n");
      body(b, v, depth + 1);
      b.append(indent).append('}');
    } else if (v.isArray()) {
      b.append("new Listing {\n");
      elements(b, v, depth + 1);
      b.append(indent).append('}');
    } else if (v.isTextual()) {
      b.append(string(v.asText()));
    } else if (v.isNull() || v.isMissingNode()) {
      b.append("null");
    } else {
      // Numbers and booleans read the same in Pkl as in JSON.
      b.append(v.asText());
    }
  }

  /** A redacted secret: {@code {"$visibility": "Opaque"}}, its value withheld. */
  private static boolean isSecret(JsonNode v) {
    return v.isObject() && "Opaque".equals(v.path("$visibility").asText()) && !v.has("$value");
  }

  /** A Pkl string literal: quotes, backslashes and control characters escaped. */
  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append("\\u{").append(Integer.toHexString(c)).append('}');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
