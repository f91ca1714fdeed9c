package dev.forja.plugin.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.engine.model.Target;
import dev.forja.engine.plugin.ErrorCodes;
import dev.forja.engine.plugin.ListResult;
import dev.forja.engine.plugin.OperationStatus;
import dev.forja.engine.plugin.PluginOperation;
import dev.forja.engine.plugin.PluginRequests;
import dev.forja.engine.plugin.ProgressResult;
import dev.forja.engine.plugin.ResourcePlugin;
import dev.forja.engine.schema.ResourceTypeSchema;
import dev.forja.plugin.catalog.AwsCatalog;
import dev.forja.plugin.sim.cloud.CloudControlErrors;
import dev.forja.plugin.sim.cloud.ProgressEvent;
import dev.forja.plugin.sim.cloud.ResourceDescription;
import dev.forja.plugin.sim.cloud.ResourcePage;
import dev.forja.plugin.sim.cloud.SimCloud;
import dev.forja.plugin.sim.cloud.SimException;
import dev.forja.plugin.sim.cloud.SimSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The in-process simulator: namespace {@code SIM}, the AWS catalogue's types, served by a {@link
 * SimCloud} called directly. Calls answer at once and never block; mutations answer {@code
 * IN_PROGRESS} and the engine polls {@link #status}.
 *
 * <p>Mapping: a FAILED request answers its HandlerErrorCode; an API error answers the
 * HandlerErrorCode it stands for ({@code ResourceNotFoundException} is {@code NotFound}) or its own
 * code ({@code ThrottlingException}, {@code InternalFailure}); retryable as {@link
 * ErrorCodes#isRetryable} says, and a {@code ConcurrentOperationException} is retryable too. Two
 * departures from Cloud Control, both as the SPI asks: a delete of a resource that is already gone
 * succeeds, and a status poll that is throttled or fails with a 5xx answers {@code IN_PROGRESS}, so
 * that the engine polls again rather than taking the poll's failure for the operation's.
 *
 * <p>Target {@code Config}: {@code Region} (ARNs and URLs name it; {@value SimCloud#DEFAULT_REGION}
 * without). A plugin made by {@link #SimPlugin()} also takes {@code LatencyMs} (a number, {@code
 * "MIN-MAX"} or {@code {"Min", "Max"}}), {@code ThrottleRate} and {@code ErrorRate}; all targets
 * share one cloud, so the last target's settings win.
 */
public final class SimPlugin implements ResourcePlugin {
  /** The namespace this plugin serves. */
  public static final String NAMESPACE = "SIM";

  /** The code of a request canceled before it ended. */
  public static final String CANCELED = "Canceled";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimCloud cloud;
  private final boolean configuredByTargets;
  private volatile ObjectNode lastConfig;

  /** A plugin over a fresh in-memory cloud with no latency and no faults, for ServiceLoader. */
  public SimPlugin() {
    this(SimCloud.inMemory(SimSettings.IDEAL), true);
  }

  /** A plugin over {@code cloud}, whose settings stay its owner's. */
  public SimPlugin(SimCloud cloud) {
    this(cloud, false);
  }

  private SimPlugin(SimCloud cloud, boolean configuredByTargets) {
    this.cloud = cloud;
    this.configuredByTargets = configuredByTargets;
  }

  /** The cloud behind this plugin, for inspection and fault injection. */
  public SimCloud cloud() {
    return cloud;
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return AwsCatalog.schemas();
  }

  @Override
  public boolean blocking() {
    return false;
  }

  /** The simulator needs no client-side rate limit; it is there to measure the engine. */
  @Override
  public double defaultRateLimit() {
    return 10_000.0;
  }

  @Override
  public CompletionStage<ProgressResult> create(PluginRequests.Create request) {
    configure(request.target());
    try {
      ProgressEvent e =
          cloud.createResource(
              request.type(),
              request.properties().toString(),
              request.clientToken(),
              region(request.target()));
      return done(progress(PluginOperation.CREATE, e));
    } catch (SimException e) {
      return done(failure(PluginOperation.CREATE, e));
    }
  }

  @Override
  public CompletionStage<ProgressResult> read(PluginRequests.Read request) {
    configure(request.target());
    try {
      ResourceDescription d = cloud.getResource(request.type(), request.nativeId());
      return done(
          ProgressResult.success(PluginOperation.READ, d.identifier(), object(d.properties())));
    } catch (SimException e) {
      return done(failure(PluginOperation.READ, e));
    }
  }

  @Override
  public CompletionStage<ProgressResult> update(PluginRequests.Update request) {
    configure(request.target());
    try {
      ProgressEvent e =
          cloud.updateResource(
              request.type(),
              request.nativeId(),
              request.patch().toString(),
              request.clientToken());
      return done(progress(PluginOperation.UPDATE, e));
    } catch (SimException e) {
      return done(failure(PluginOperation.UPDATE, e));
    }
  }

  @Override
  public CompletionStage<ProgressResult> delete(PluginRequests.Delete request) {
    configure(request.target());
    try {
      ProgressEvent e =
          cloud.deleteResource(request.type(), request.nativeId(), request.clientToken());
      return done(progress(PluginOperation.DELETE, e));
    } catch (SimException e) {
      return done(failure(PluginOperation.DELETE, e));
    }
  }

  @Override
  public CompletionStage<ProgressResult> status(PluginRequests.Status request) {
    configure(request.target());
    try {
      return done(
          progress(PluginOperation.STATUS, cloud.getResourceRequestStatus(request.requestToken())));
    } catch (SimException e) {
      if (CloudControlErrors.isApiLevel(e.code())) {
        return done(
            new ProgressResult(
                PluginOperation.STATUS,
                OperationStatus.IN_PROGRESS,
                request.requestToken(),
                null,
                null,
                null,
                false,
                e.code() + " on status poll; poll again: " + e.getMessage()));
      }
      return done(failure(PluginOperation.STATUS, e));
    }
  }

  @Override
  public CompletionStage<ListResult> list(PluginRequests.ListPage request) {
    configure(request.target());
    try {
      ResourcePage page =
          cloud.listResources(request.type(), request.pageToken(), request.pageSize());
      List<String> ids = new ArrayList<>(page.descriptions().size());
      page.descriptions().forEach(d -> ids.add(d.identifier()));
      return CompletableFuture.completedFuture(new ListResult(ids, page.nextToken()));
    } catch (SimException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  // ---- mapping ----

  private static ProgressResult progress(PluginOperation op, ProgressEvent e) {
    return switch (e.operationStatus()) {
      case "SUCCESS" -> ProgressResult.success(op, e.identifier(), object(e.resourceModel()));
      case "FAILED" -> {
        if ("DELETE".equals(e.operation()) && ErrorCodes.NOT_FOUND.equals(e.errorCode())) {
          // The SPI's delete succeeds when the resource is already gone.
          yield ProgressResult.success(op, e.identifier(), null);
        }
        yield ProgressResult.failure(op, e.errorCode(), e.statusMessage());
      }
      case "CANCEL_COMPLETE" ->
          ProgressResult.failure(op, CANCELED, "request " + e.requestToken() + " was canceled");
      default -> ProgressResult.inProgress(op, e.requestToken(), e.identifier());
    };
  }

  private static ProgressResult failure(PluginOperation op, SimException e) {
    String code = CloudControlErrors.handlerCodeOf(e.code());
    boolean retryable =
        ErrorCodes.isRetryable(code) || CloudControlErrors.CONCURRENT_OPERATION.equals(code);
    return new ProgressResult(
        op, OperationStatus.FAILED, null, null, null, code, retryable, e.getMessage());
  }

  private static CompletionStage<ProgressResult> done(ProgressResult r) {
    return CompletableFuture.completedFuture(r);
  }

  private static ObjectNode object(String json) {
    if (json == null) {
      return null;
    }
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the simulator answered invalid JSON", e);
    }
  }

  // ---- targets ----

  private static String region(Target target) {
    JsonNode r = target == null ? null : target.config().get("Region");
    return r != null && r.isTextual() && !r.asText().isEmpty() ? r.asText() : null;
  }

  /** Applies a target's latency and fault rates to a cloud this plugin owns. */
  private void configure(Target target) {
    if (!configuredByTargets || target == null || target.config().equals(lastConfig)) {
      return;
    }
    ObjectNode c = target.config();
    lastConfig = c;
    if (!c.has("LatencyMs") && !c.has("ThrottleRate") && !c.has("ErrorRate")) {
      return;
    }
    Duration[] latency = latency(c.get("LatencyMs"));
    SimSettings wanted =
        new SimSettings(
            latency[0],
            latency[1],
            c.path("ThrottleRate").asDouble(0),
            c.path("ErrorRate").asDouble(0));
    if (!wanted.equals(cloud.settings())) {
      cloud.configure(wanted);
    }
  }

  private static Duration[] latency(JsonNode n) {
    long min = 0;
    long max = 0;
    if (n == null || n.isNull()) {
      // no latency
    } else if (n.isNumber()) {
      min = max = n.asLong();
    } else if (n.isTextual()) {
      String[] parts = n.asText().split("-", 2);
      min = Long.parseLong(parts[0].trim());
      max = parts.length > 1 ? Long.parseLong(parts[1].trim()) : min;
    } else if (n.isObject()) {
      min = n.path("Min").asLong(0);
      max = n.path("Max").asLong(min);
    } else {
      throw new IllegalArgumentException("LatencyMs: a number, \"MIN-MAX\" or {Min, Max}: " + n);
    }
    return new Duration[] {Duration.ofMillis(min), Duration.ofMillis(max)};
  }
}
