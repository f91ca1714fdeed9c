package dev.forja.persistence.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON the stores write: the engine model's own Jackson annotations, with the settings of the
 * engine's Jackson serializer (Pekko's defaults): instants as ISO-8601 text and unknown properties
 * ignored, so a row written by a newer Forja still reads.
 */
final class StoreJson {

  /** Thread-safe once built; shared by every store of the process. */
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .addModule(
              new SimpleModule("forja-instants")
                  .addSerializer(Instant.class, new InstantSerializer())
                  .addDeserializer(Instant.class, new InstantDeserializer()))
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private StoreJson() {}

  /** {@code value} as JSON text. */
  static String write(Object value) throws JsonProcessingException {
    return MAPPER.writeValueAsString(value);
  }

  /** The JSON object in {@code text}; a stored row always holds one. */
  static ObjectNode readObject(String text) throws JsonProcessingException {
    JsonNode node = MAPPER.readTree(text);
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalStateException("expected a JSON object, found " + node.getNodeType());
    }
    return object;
  }

  /** Instants as {@link Instant#toString()} writes them, as Jackson's JavaTimeModule does. */
  private static final class InstantSerializer extends StdScalarSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    InstantSerializer() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  /** Reads what {@link InstantSerializer} writes. */
  private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      String text = p.getValueAsString();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return (Instant) ctx.handleWeirdStringValue(Instant.class, text, e.getMessage());
      }
    }
  }
}
