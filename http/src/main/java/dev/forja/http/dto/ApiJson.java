package dev.forja.http.dto;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON mapping of the API's bodies, shared by the agent (writing) and clients such as the CLI
 * (reading), so that both see the same shapes. Unknown fields are ignored on reading: a newer agent
 * may add fields that an older client does not know.
 */
public final class ApiJson {
  private static final ObjectMapper SHARED = newMapper();

  private ApiJson() {}

  /** A fresh mapper configured for the API's bodies; configure it further at will. */
  public static ObjectMapper newMapper() {
    return JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  /** {@code body} as JSON bytes (UTF-8). */
  public static byte[] toBytes(Object body) {
    try {
      return SHARED.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName(), e);
    }
  }
}
