package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.plugin.catalog.AwsType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Evaluates a type's identifier and output templates (see {@link AwsType}) for a new resource. Not
 * thread-safe: the cloud calls it under its lock, since it draws from the cloud's random source.
 */
final class Templates {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String HEX = "0123456789abcdef";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";

  /** A placeholder has no value yet: it names an output still to be computed. */
  private static final Object NOT_READY = new Object();

  private final RandomGenerator random;

  Templates(RandomGenerator random) {
    this.random = random;
  }

  /** A new resource's identifier and outputs, or the property its identifier lacks. */
  record Named(String identifier, Map<String, JsonNode> outputs, String missing) {}

  /**
   * The identifier and outputs of a resource of {@code type} with {@code properties}. Outputs are
   * computed in name order once what they name has a value, so that a seeded random source gives
   * the same names every run.
   */
  Named name(AwsType type, ObjectNode properties, String region, String account) {
    Context ctx = new Context(type, properties, region, account);
    TreeSet<String> remaining = new TreeSet<>(type.outputs().keySet());
    boolean progress = true;
    while (progress) {
      progress = false;
      if (ctx.id == null) {
        Object id = identifier(type, ctx);
        if (id instanceof String s) {
          ctx.id = s;
          progress = true;
        } else if (id instanceof Missing m) {
          return new Named(null, Map.of(), m.name());
        }
      }
      for (var it = remaining.iterator(); it.hasNext(); ) {
        String out = it.next();
        Object v = output(type.outputs().get(out), out, ctx);
        if (v == NOT_READY) {
          continue;
        }
        if (v instanceof JsonNode n) {
          ctx.computed.put(out, n);
        }
        it.remove();
        progress = true;
      }
    }
    if (ctx.id == null) {
      // Only a cycle between the identifier and outputs gets here; no catalogue type has one.
      return new Named(null, Map.of(), type.schema().identifier());
    }
    return new Named(ctx.id, ctx.computed, null);
  }

  private Object identifier(AwsType type, Context ctx) {
    AwsType.IdFormat f = type.identifier();
    if (f.template() == null) {
      return f.prefix() + chars(HEX, 17);
    }
    return expand(f.template(), null, ctx);
  }

  private Object output(String template, String self, Context ctx) {
    String t = template.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      ArrayNode a = NODES.arrayNode();
      for (String element : t.substring(1, t.length() - 1).split(",", -1)) {
        Object v = expand(element.trim(), self, ctx);
        if (v == NOT_READY) {
          return NOT_READY;
        }
        if (v instanceof String s) {
          a.add(s);
        }
      }
      return a;
    }
    Object v = expand(template, self, ctx);
    return v instanceof String s ? NODES.textNode(s) : v;
  }

  /** The template's text, {@link #NOT_READY}, or a {@link Missing} naming what has no value. */
  private Object expand(String template, String self, Context ctx) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf('{', i);
      if (open < 0) {
        out.append(template, i, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed placeholder in template " + template);
      }
      out.append(template, i, open);
      Object v = placeholder(template.substring(open + 1, close), self, ctx);
      if (!(v instanceof String)) {
        return v;
      }
      out.append((String) v);
      i = close + 1;
    }
    return out.toString();
  }

  private Object placeholder(String body, String self, Context ctx) {
    String[] alternatives = body.split("\\?", -1);
    boolean waiting = false;
    for (String alt : alternatives) {
      Object v = alternative(alt, self, ctx);
      if (v instanceof String) {
        return v;
      }
      waiting |= v == NOT_READY;
    }
    return waiting ? NOT_READY : new Missing(alternatives[0]);
  }

  private Object alternative(String alt, String self, Context ctx) {
    if (alt.startsWith("=")) {
      return alt.substring(1);
    }
    if (alt.isEmpty() || Character.isUpperCase(alt.charAt(0))) {
      String output = ctx.type.outputs().get(alt);
      // A read-only output is the cloud's to compute, whatever the request says.
      JsonNode given =
          output == null || fillsProperty(alt, output) ? ctx.properties.get(alt) : null;
      if (given != null && (given.isTextual() || given.isNumber())) {
        return given.asText();
      }
      JsonNode computed = ctx.computed.get(alt);
      if (computed != null && computed.isTextual()) {
        return computed.asText();
      }
      boolean pending = ctx.type.outputs().containsKey(alt) && !alt.equals(self);
      return pending && computed == null ? NOT_READY : new Missing(alt);
    }
    return switch (alt) {
      case "id" -> ctx.id != null ? ctx.id : NOT_READY;
      case "region" -> ctx.region;
      case "account" -> ctx.account;
      case "uuid" -> uuid(random);
      case "ip" -> publicIp();
      case "privateip" ->
          "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
      case "name" -> "sim-" + chars(ALNUM, 12);
      case "lname" -> "sim-" + chars(LOWER, 12);
      default -> generator(alt);
    };
  }

  private String generator(String alt) {
    int colon = alt.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("unknown template token " + alt);
    }
    int n = Integer.parseInt(alt.substring(colon + 1));
    return switch (alt.substring(0, colon)) {
      case "hex" -> chars(HEX, n);
      case "alnum" -> chars(ALNUM, n);
      case "num" -> chars("0123456789", n);
      default -> throw new IllegalArgumentException("unknown template token " + alt);
    };
  }

  private String publicIp() {
    // 3.x, 18.x, 34.x, 52.x, 54.x: ranges AWS hands out.
    int[] first = {3, 18, 34, 52, 54};
    return first[random.nextInt(first.length)]
        + "."
        + random.nextInt(256)
        + "."
        + random.nextInt(256)
        + "."
        + (1 + random.nextInt(254));
  }

  /**
   * Whether output {@code name} with {@code template} only fills a writable property the request
   * left out ({@code RoleName: "{RoleName?name}"}), rather than being read-only.
   */
  static boolean fillsProperty(String name, String template) {
    return template.startsWith("{" + name + "?") || template.equals("{" + name + "}");
  }

  /** {@code n} characters drawn from {@code alphabet}. */
  String chars(String alphabet, int n) {
    char[] c = new char[n];
    for (int i = 0; i < n; i++) {
      c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(c);
  }

  /** A version-4 UUID from {@code random}, so that seeded clouds mint the same tokens. */
  static String uuid(RandomGenerator random) {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString().toLowerCase(Locale.ROOT);
  }

  /** A placeholder none of whose alternatives has a value; {@code name} is the first. */
  private record Missing(String name) {}

  private static final class Context {
    final AwsType type;
    final ObjectNode properties;
    final String region;
    final String account;
    final Map<String, JsonNode> computed = new LinkedHashMap<>();
    String id;

    Context(AwsType type, ObjectNode properties, String region, String account) {
      this.type = type;
      this.properties = properties;
      this.region = region;
      this.account = account;
    }
  }
}
