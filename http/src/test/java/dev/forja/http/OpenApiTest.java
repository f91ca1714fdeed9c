package dev.forja.http;

import static dev.forja.http.TestAgent.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.forja.http.metrics.AgentMetrics;
import dev.forja.http.routes.OpenApiRoute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keeps the route table, the routes and the OpenAPI document in step: every endpoint of {@link
 * ApiRoutes#ENDPOINTS} is served and documented, and the document describes nothing else.
 */
@ExtendWith(LogCapturingExtension.class)
class OpenApiTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private final TestAgent agent = new TestAgent();

  @AfterEach
  void close() {
    agent.close();
  }

  private static JsonNode document() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(OpenApiRoute.load());
  }

  private static Set<String> table() {
    Set<String> out = new TreeSet<>();
    ApiRoutes.ENDPOINTS.forEach(e -> out.add(e.method() + " " + e.path()));
    return out;
  }

  @Test
  void theDocumentDescribesExactlyTheRouteTable() throws Exception {
    JsonNode doc = document();
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.at("/servers/0/url").asText()).isEqualTo(ApiRoutes.PREFIX);
    Set<String> documented = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              m -> {
                if (METHODS.contains(m)) {
                  documented.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
              });
    }

    assertThat(documented).isEqualTo(table());
  }

  @Test
  void everyDocumentedOperationHasResponsesAndEveryPathParameterIsDeclared() throws Exception {
    JsonNode paths = document().get("paths");
    for (ApiRoutes.Endpoint e : ApiRoutes.ENDPOINTS) {
      JsonNode op = paths.get(e.path()).get(e.method().toLowerCase(Locale.ROOT));
      assertThat(op.get("responses").size()).as(e.toString()).isPositive();
      if (e.path().contains("{id}")) {
        assertThat(op.get("parameters").toString()).as(e.toString()).contains("CommandId");
      }
    }
  }

  @Test
  void everyEndpointOfTheTableIsServedAndNoOtherMethodIs() {
    for (ApiRoutes.Endpoint e : ApiRoutes.ENDPOINTS) {
      String path = e.fullPath().replace("{id}", "nosuchcommand");
      HttpRequest request =
          HttpRequest.create(path)
              .withMethod(HttpMethods.lookup(e.method()).orElseThrow())
              .withEntity(ContentTypes.APPLICATION_JSON, "{}");
      TestRouteResult r = agent.route.run(request);
      assertThat(r.statusCode()).as(e + " " + r.entityString()).isNotEqualTo(405);
      if (r.statusCode() == 404) {
        assertThat(json(r).get("detail").asText()).as(e.toString()).startsWith("no command");
      }
    }
    for (String path :
        new TreeSet<>(ApiRoutes.ENDPOINTS.stream().map(e -> e.fullPath()).toList())) {
      List<String> served = new ArrayList<>();
      ApiRoutes.ENDPOINTS.stream()
          .filter(e -> e.fullPath().equals(path))
          .forEach(e -> served.add(e.method()));
      for (String m : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
        if (!served.contains(m)) {
          TestRouteResult r =
              agent.route.run(
                  HttpRequest.create(path.replace("{id}", "nosuchcommand"))
                      .withMethod(HttpMethods.lookup(m).orElseThrow()));
          assertThat(r.statusCode()).as(m + " " + path).isEqualTo(405);
        }
      }
    }
  }

  @Test
  void theMetricsRouteLabelsAreTheRouteTable() {
    assertThat(new TreeSet<>(AgentMetrics.ROUTES))
        .isEqualTo(
            new TreeSet<>(ApiRoutes.ENDPOINTS.stream().map(ApiRoutes.Endpoint::fullPath).toList()));
  }

  @Test
  void theDocumentIsServedAsYaml() throws Exception {
    TestRouteResult r = agent.get("/api/v1/openapi.yaml");

    r.assertStatusCode(200).assertMediaType("application/yaml");
    assertThat(r.entityString()).isEqualTo(new String(OpenApiRoute.load(), StandardCharsets.UTF_8));
  }
}
