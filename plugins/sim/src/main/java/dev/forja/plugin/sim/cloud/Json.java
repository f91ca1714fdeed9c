package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * JSON text in and out of the cloud, and ListResources page tokens; the API's errors on bad input.
 */
final class Json {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Json() {}

  static JsonNode parse(String json, String what) {
    if (json == null) {
      throw new SimException(CloudControlErrors.VALIDATION, 400, what + " is required");
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SimException(
          CloudControlErrors.VALIDATION,
          400,
          what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  static ObjectNode parseObject(String json, String what) {
    JsonNode n = parse(json, what);
    if (!n.isObject()) {
      throw new SimException(CloudControlErrors.VALIDATION, 400, what + " must be a JSON object");
    }
    return (ObjectNode) n;
  }

  static String text(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static String encodeToken(String identifier) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(identifier.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SimException(CloudControlErrors.VALIDATION, 400, "Invalid NextToken: " + token);
    }
  }
}
