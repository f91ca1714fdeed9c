package dev.forja.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A secret: {@code {"$visibility": "Opaque", "$value": ...}}. It reaches the plugin, and nothing
 * else: logs, plans and API answers show it {@link #redacted()}, and stores keep only a salted
 * SHA-256 {@code $digest} once the command ends, which is still enough to tell whether a later
 * forma changed it.
 *
 * @param value the secret, or null when only its digest is known
 * @param digest {@code sha256:<salt hex>:<digest hex>}, or null when not yet digested
 */
public record OpaqueValue(JsonNode value, String digest) {
  public static final String MARKER = "$visibility";
  public static final String OPAQUE = "Opaque";
  private static final SecureRandom SALTS = new SecureRandom();

  /** Whether {@code node} is an opaque envelope. */
  public static boolean isOpaque(JsonNode node) {
    return node != null
        && node.isObject()
        && OPAQUE.equals(node.path(MARKER).asText(null))
        && !node.has(ResourceRef.MARKER);
  }

  /** Reads an opaque envelope; empty when {@code node} is not one. */
  public static Optional<OpaqueValue> from(JsonNode node) {
    if (!isOpaque(node)) {
      return Optional.empty();
    }
    JsonNode d = node.get("$digest");
    return Optional.of(new OpaqueValue(node.get("$value"), d == null ? null : d.asText()));
  }

  /** The envelope with the value, as a plugin receives it. */
  public ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put(MARKER, OPAQUE);
    if (value != null) {
      n.set("$value", value);
    }
    if (digest != null) {
      n.put("$digest", digest);
    }
    return n;
  }

  /** The envelope without the value or its digest, as logs, plans and the API show it. */
  public static ObjectNode redacted() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put(MARKER, OPAQUE);
    return n;
  }

  /** A copy of {@code tree} with every opaque envelope in it {@link #redacted()}. */
  public static JsonNode redactAll(JsonNode tree) {
    if (tree == null) {
      return null;
    }
    if (isOpaque(tree)) {
      return redacted();
    }
    if (tree.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      tree.properties().forEach(e -> out.set(e.getKey(), redactAll(e.getValue())));
      return out;
    }
    if (tree.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      tree.forEach(e -> out.add(redactAll(e)));
      return out;
    }
    return tree;
  }

  /**
   * A copy of {@code tree} with every opaque envelope's clear value replaced by a salted digest, as
   * stores keep it once the command that carried it has ended.
   */
  public static JsonNode digestAll(JsonNode tree) {
    if (tree == null) {
      return null;
    }
    if (isOpaque(tree)) {
      return from(tree).orElseThrow().digested().toJson();
    }
    if (tree.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      tree.properties().forEach(e -> out.set(e.getKey(), digestAll(e.getValue())));
      return out;
    }
    if (tree.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      tree.forEach(e -> out.add(digestAll(e)));
      return out;
    }
    return tree;
  }

  /** This value digested with a fresh salt, its clear value dropped. */
  public OpaqueValue digested() {
    if (value == null) {
      return this;
    }
    byte[] salt = new byte[16];
    SALTS.nextBytes(salt);
    return new OpaqueValue(null, "sha256:" + HexFormat.of().formatHex(salt) + ":" + hash(salt));
  }

  /**
   * Whether two opaque values hold the same secret, comparing clear values or a clear value against
   * a digest. Two digests alone cannot be compared and count as equal only when identical.
   */
  public boolean sameSecret(OpaqueValue other) {
    if (value != null && other.value != null) {
      return value.equals(other.value);
    }
    if (value != null && other.digest != null) {
      return other.matches(value);
    }
    if (other.value != null && digest != null) {
      return matches(other.value);
    }
    return digest != null && digest.equals(other.digest);
  }

  private boolean matches(JsonNode clear) {
    String[] parts = digest.split(":", 3);
    if (parts.length != 3) {
      return false;
    }
    byte[] salt = HexFormat.of().parseHex(parts[1]);
    return new OpaqueValue(clear, null).hash(salt).equals(parts[2]);
  }

  private String hash(byte[] salt) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(salt);
      md.update(value.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "OpaqueValue[redacted]";
  }
}
