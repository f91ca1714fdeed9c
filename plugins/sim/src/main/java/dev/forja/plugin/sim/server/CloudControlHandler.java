package dev.forja.plugin.sim.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.sun.net.httpserver.HttpExchange;
import dev.forja.plugin.sim.cloud.ProgressEvent;
import dev.forja.plugin.sim.cloud.ResourceDescription;
import dev.forja.plugin.sim.cloud.ResourcePage;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Cloud Control API on the AWS JSON 1.0 protocol: {@code POST /} with {@code X-Amz-Target:
 * CloudApiService.<Operation>}, answers and errors in the shapes the AWS SDK parses.
 */
final class CloudControlHandler {
  static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  static final String TARGET_PREFIX = "CloudApiService.";

  // AWS JSON 1.0 carries timestamps as epoch seconds; milliseconds are all the SDK keeps.
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new SimpleModule().addSerializer(Instant.class, new EpochSeconds()));

  // ListResources' MaxResults is reserved on AWS; the sim honours it, and AWS's ceiling is 100.
  private static final int LIST_RESOURCES_PAGE = 100;
  private static final int LIST_REQUESTS_PAGE = 20;

  private final SimCloud cloud;
  private final AtomicLong requestIds = new AtomicLong();

  CloudControlHandler(SimCloud cloud) {
    this.cloud = cloud;
  }

  void handle(HttpExchange exchange) throws IOException {
    exchange
        .getResponseHeaders()
        .set("x-amzn-RequestId", "sim-" + Long.toString(requestIds.incrementAndGet(), 36));
    Object answer;
    try {
      answer = answer(exchange);
    } catch (SimException e) {
      sendError(exchange, e.httpStatus(), e.code(), e.getMessage());
      return;
    } catch (InvalidField | IllegalArgumentException e) {
      sendError(exchange, 400, "ValidationException", e.getMessage());
      return;
    } catch (RuntimeException e) {
      sendError(exchange, 500, "InternalFailure", "the simulator failed: " + e);
      return;
    }
    Exchanges.send(exchange, 200, CONTENT_TYPE, MAPPER.writeValueAsBytes(answer));
  }

  private Object answer(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      throw unknownOperation(
          exchange.getRequestMethod() + " /: the Cloud Control API takes POST / with X-Amz-Target");
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || !target.startsWith(TARGET_PREFIX)) {
      throw unknownOperation(
          "unknown X-Amz-Target "
              + (target == null ? "(none)" : "'" + target + "'")
              + ": expected "
              + TARGET_PREFIX
              + "<Operation>");
    }
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    JsonNode body;
    try {
      body = bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new SimException(
          "SerializationException", 400, "the body is not JSON: " + e.getOriginalMessage());
    }
    if (!(body instanceof ObjectNode)) {
      throw new SimException("SerializationException", 400, "the body is not a JSON object");
    }
    String operation = target.substring(TARGET_PREFIX.length());
    try {
      return dispatch(
          operation,
          Fields.of(body, "body"),
          regionOf(exchange.getRequestHeaders().getFirst("Authorization")));
    } catch (InvalidField e) {
      throw new SimException("ValidationException", 400, operation + ": " + e.getMessage());
    }
  }

  private Object dispatch(String operation, Fields in, String region) {
    return switch (operation) {
      case "CreateResource" ->
          new ProgressEventAnswer(
              cloud.createResource(
                  in.text("TypeName"), in.text("DesiredState"), clientToken(in), region));
      case "UpdateResource" ->
          new ProgressEventAnswer(
              cloud.updateResource(
                  in.text("TypeName"),
                  in.text("Identifier"),
                  in.text("PatchDocument"),
                  clientToken(in)));
      case "DeleteResource" ->
          new ProgressEventAnswer(
              cloud.deleteResource(in.text("TypeName"), in.text("Identifier"), clientToken(in)));
      case "GetResource" -> getResource(in);
      case "ListResources" -> listResources(in);
      case "GetResourceRequestStatus" ->
          new ProgressEventAnswer(cloud.getResourceRequestStatus(in.text("RequestToken")));
      case "CancelResourceRequest" ->
          new ProgressEventAnswer(cloud.cancelResourceRequest(in.text("RequestToken")));
      case "ListResourceRequests" -> listResourceRequests(in);
      default ->
          throw unknownOperation(
              "unknown operation '"
                  + operation
                  + "': the simulator serves CreateResource, GetResource, UpdateResource,"
                  + " DeleteResource, ListResources, GetResourceRequestStatus,"
                  + " CancelResourceRequest and ListResourceRequests");
    };
  }

  private GetResourceAnswer getResource(Fields in) {
    String typeName = in.text("TypeName");
    return new GetResourceAnswer(typeName, cloud.getResource(typeName, in.text("Identifier")));
  }

  private ListResourcesAnswer listResources(Fields in) {
    String typeName = in.text("TypeName");
    ResourcePage page =
        cloud.listResources(
            typeName,
            in.optionalText("NextToken"),
            in.integer("MaxResults", 1, 100, LIST_RESOURCES_PAGE));
    return new ListResourcesAnswer(typeName, page.descriptions(), page.nextToken());
  }

  /**
   * Filters and pages what the cloud holds. A page's NextToken is the request token of the next
   * page's first entry, so requests made between pages (listed newest first) shift nothing.
   */
  private ListRequestsAnswer listResourceRequests(Fields in) {
    ObjectNode filterNode = in.optionalObject("ResourceRequestStatusFilter");
    Fields filter =
        filterNode == null ? null : Fields.of(filterNode, "ResourceRequestStatusFilter");
    List<String> operations = filter == null ? List.of() : filter.texts("Operations");
    List<String> statuses = filter == null ? List.of() : filter.texts("OperationStatuses");
    int max = in.integer("MaxResults", 1, 100, LIST_REQUESTS_PAGE);
    String nextToken = in.optionalText("NextToken");
    List<ProgressEvent> all =
        cloud.listResourceRequests().stream()
            .filter(e -> operations.isEmpty() || operations.contains(e.operation()))
            .filter(e -> statuses.isEmpty() || statuses.contains(e.operationStatus()))
            .toList();
    int from = 0;
    if (nextToken != null) {
      from = indexOf(all, nextToken);
      if (from < 0) {
        throw new SimException(
            "ValidationException", 400, "NextToken '" + nextToken + "' is not a page of this list");
      }
    }
    int to = Math.min(from + max, all.size());
    return new ListRequestsAnswer(
        all.subList(from, to), to < all.size() ? all.get(to).requestToken() : null);
  }

  private static int indexOf(List<ProgressEvent> events, String requestToken) {
    for (int i = 0; i < events.size(); i++) {
      if (requestToken.equals(events.get(i).requestToken())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The region the client signed for, from SigV4's credential scope ({@code
   * Credential=AKID/20250101/eu-west-1/cloudcontrolapi/aws4_request}), so that ARNs name the
   * target's region; null (the cloud's default) for an unsigned call.
   */
  static String regionOf(String authorization) {
    if (authorization == null) {
      return null;
    }
    int credential = authorization.indexOf("Credential=");
    if (credential < 0) {
      return null;
    }
    int end = authorization.indexOf(',', credential);
    String scope =
        authorization.substring(
            credential + "Credential=".length(), end < 0 ? authorization.length() : end);
    // AKID / date / region / service / aws4_request
    int date = scope.indexOf('/');
    int region = date < 0 ? -1 : scope.indexOf('/', date + 1);
    int service = region < 0 ? -1 : scope.indexOf('/', region + 1);
    return service < 0 || service == region + 1 ? null : scope.substring(region + 1, service);
  }

  /** The SDK always sends one (an idempotency token); a hand-made call without one gets its own. */
  private static String clientToken(Fields in) {
    String token = in.optionalText("ClientToken");
    return token != null ? token : UUID.randomUUID().toString();
  }

  private static SimException unknownOperation(String message) {
    return new SimException("UnknownOperationException", 400, message);
  }

  /** AWS's error shape: the SDK reads the code from the header or {@code __type}. */
  private static void sendError(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    ObjectNode error = MAPPER.createObjectNode();
    error.put("__type", code);
    error.put("message", message);
    exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
    Exchanges.send(exchange, status, CONTENT_TYPE, MAPPER.writeValueAsBytes(error));
  }

  /** {@code 1700000000.123}: epoch seconds with milliseconds. */
  private static final class EpochSeconds extends StdSerializer<Instant> {
    private static final long serialVersionUID = 1L;

    EpochSeconds() {
      super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3));
    }
  }

  /** CreateResource, UpdateResource, DeleteResource, GetResourceRequestStatus, Cancel… */
  record ProgressEventAnswer(@JsonProperty("ProgressEvent") ProgressEvent progressEvent) {}

  /** GetResource. */
  record GetResourceAnswer(
      @JsonProperty("TypeName") String typeName,
      @JsonProperty("ResourceDescription") ResourceDescription resourceDescription) {}

  /** ListResources. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ListResourcesAnswer(
      @JsonProperty("TypeName") String typeName,
      @JsonProperty("ResourceDescriptions") List<ResourceDescription> resourceDescriptions,
      @JsonProperty("NextToken") String nextToken) {}

  /** ListResourceRequests. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ListRequestsAnswer(
      @JsonProperty("ResourceRequestStatusSummaries") List<ProgressEvent> summaries,
      @JsonProperty("NextToken") String nextToken) {}
}
