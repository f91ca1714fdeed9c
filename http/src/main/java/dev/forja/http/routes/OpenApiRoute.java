package dev.forja.http.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /openapi.yaml}: the API's OpenAPI 3 document, from the class path. */
public final class OpenApiRoute extends AllDirectives {
  /** Where the document lives on the class path. */
  public static final String RESOURCE = "/openapi.yaml";

  private static final ContentType YAML =
      ContentTypes.create(MediaTypes.applicationWithOpenCharset("yaml"), HttpCharsets.UTF_8);

  private final byte[] document = load();

  /** The document's text. */
  public static byte[] load() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The route. */
  public Route route() {
    return path("openapi.yaml", () -> get(() -> complete(HttpEntities.create(YAML, document))));
  }
}
