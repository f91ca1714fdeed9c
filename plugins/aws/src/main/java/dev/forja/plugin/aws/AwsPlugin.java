package dev.forja.plugin.aws;

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
import dev.forja.engine.settings.EngineSettings;
import dev.forja.plugin.aws.internal.AwsErrors;
import dev.forja.plugin.aws.internal.AwsErrors.Failure;
import dev.forja.plugin.aws.internal.ProgressEvents;
import dev.forja.plugin.aws.internal.TargetConfig;
import dev.forja.plugin.aws.internal.TargetConfig.ClientKey;
import dev.forja.plugin.aws.internal.TargetConfig.InvalidTargetException;
import dev.forja.plugin.aws.internal.TokenBucket;
import dev.forja.plugin.catalog.AwsCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudcontrol.CloudControlAsyncClient;
import software.amazon.awssdk.services.cloudcontrol.CloudControlAsyncClientBuilder;
import software.amazon.awssdk.services.cloudcontrol.model.ResourceDescription;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The {@code AWS} plugin: every call is one AWS Cloud Control API request through the SDK's
 * asynchronous client. A target's {@code Config} holds {@code Region} (required), {@code Endpoint}
 * (optional URL, e.g. the simulator server) and {@code RateLimit} (requests per second, default 2).
 *
 * <p>Forja's retry policy ({@link EngineSettings}) is the one in force: the SDK retries nothing,
 * and each HTTP attempt is bounded by the engine's plugin request timeout. Every request, status
 * polls included, first takes a token from its target's bucket; a caller short of tokens is delayed
 * on a timer, never blocked. SDK calls are issued from the plugin's own threads, so the engine's
 * threads never sign requests or resolve credentials (which may block on the EC2 metadata service).
 * The returned stages complete on those threads too, so callbacks on them must not block.
 *
 * <p>Every {@link ProgressResult} call completes normally, failures included; see {@link AwsErrors}
 * for how errors map. A read of a missing resource answers {@code NotFound} and is not retryable:
 * it is the definitive answer that the resource is gone. A delete of a missing resource succeeds. A
 * failed {@link #list} completes exceptionally with an {@link AwsCallException}.
 *
 * <p>Clients are cached per (region, endpoint) and closed by {@link #close}.
 */
public final class AwsPlugin implements ResourcePlugin, AutoCloseable {

  /** The target namespace this plugin serves. */
  public static final String NAMESPACE = "AWS";

  /**
   * Connections one client keeps to its endpoint. Above the engine's in-flight updates (50 by
   * default), so a burst of polls never queues behind the connection pool.
   */
  private static final int MAX_CONNECTIONS = 128;

  /**
   * Threads that sign and send requests, run the token timers and complete the SDK's futures. The
   * SDK spends a few hundred microseconds of CPU on each request (marshalling, SigV4, its
   * interceptors): one thread capped the simulator benchmark at about 2,500 requests/s on two cores
   * while the server had CPU to spare.
   */
  private static final int REQUEST_THREADS =
      Math.max(2, Runtime.getRuntime().availableProcessors());

  /**
   * Netty event loops shared by every client. The SDK's default is two per core, sized for clients
   * that saturate a network; this one sends a few rate-limited requests a second per target, and on
   * the two-core reference machine one loop spent about 10% less CPU per request than four in the
   * simulator benchmark. Half the cores leaves the rest to the engine.
   */
  private static final int EVENT_LOOPS =
      Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

  /** Cloud Control's largest page. */
  private static final int MAX_PAGE_SIZE = 100;

  private final AwsCredentialsProvider credentials;
  private final SdkAutoCloseable ownedCredentials;
  private final Duration requestTimeout;
  private final List<ResourceTypeSchema> schemas = AwsCatalog.schemas();
  private final ObjectMapper json = new ObjectMapper();
  private final ProgressEvents events = new ProgressEvents(json);
  private final ScheduledThreadPoolExecutor requests;
  private final Map<ClientKey, CloudControlAsyncClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private SdkEventLoopGroup eventLoops; // guarded by this; made with the first client
  private volatile boolean closed;

  /** The plugin ServiceLoader makes: the SDK's default credential chain, the default settings. */
  public AwsPlugin() {
    this(DefaultCredentialsProvider.builder().build(), true, EngineSettings.defaults());
  }

  /** A plugin with these credentials and the default settings, e.g. static ones for the sim. */
  public AwsPlugin(AwsCredentialsProvider credentials) {
    this(credentials, false, EngineSettings.defaults());
  }

  /** A plugin with these credentials whose SDK attempts time out as {@code settings} say. */
  public AwsPlugin(AwsCredentialsProvider credentials, EngineSettings settings) {
    this(credentials, false, settings);
  }

  private AwsPlugin(AwsCredentialsProvider credentials, boolean owned, EngineSettings settings) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.ownedCredentials =
        owned && credentials instanceof SdkAutoCloseable c ? c : () -> {}; // caller's to close
    this.requestTimeout = settings.pluginRequestTimeout();
    AtomicInteger threads = new AtomicInteger();
    this.requests =
        new ScheduledThreadPoolExecutor(
            REQUEST_THREADS,
            r -> new RequestThread(r, "forja-aws-requests-" + threads.incrementAndGet()));
    requests.setRemoveOnCancelPolicy(true);
    requests.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return schemas;
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public double defaultRateLimit() {
    return TargetConfig.DEFAULT_RATE_LIMIT;
  }

  @Override
  public CompletionStage<ProgressResult> create(PluginRequests.Create r) {
    String desired = r.properties() == null ? "{}" : r.properties().toString();
    return progress(
        PluginOperation.CREATE,
        r.target(),
        c ->
            c.createResource(
                    b -> b.typeName(r.type()).desiredState(desired).clientToken(r.clientToken()))
                .thenApply(resp -> events.toResult(PluginOperation.CREATE, resp.progressEvent())),
        f -> failure(PluginOperation.CREATE, f));
  }

  @Override
  public CompletionStage<ProgressResult> read(PluginRequests.Read r) {
    return progress(
        PluginOperation.READ,
        r.target(),
        c ->
            c.getResource(b -> b.typeName(r.type()).identifier(r.nativeId()))
                .thenApply(resp -> readResult(r, resp.resourceDescription())),
        f ->
            f.isNotFound()
                // Definitive: the resource is gone. Retrying would only delay the caller
                // (sync, resolve) that asked in order to learn exactly this.
                ? new ProgressResult(
                    PluginOperation.READ,
                    OperationStatus.FAILED,
                    null,
                    r.nativeId(),
                    null,
                    ErrorCodes.NOT_FOUND,
                    false,
                    f.message())
                : failure(PluginOperation.READ, f));
  }

  @Override
  public CompletionStage<ProgressResult> update(PluginRequests.Update r) {
    String patch = r.patch() == null ? "[]" : r.patch().toString();
    return progress(
        PluginOperation.UPDATE,
        r.target(),
        c ->
            c.updateResource(
                    b ->
                        b.typeName(r.type())
                            .identifier(r.nativeId())
                            .patchDocument(patch)
                            .clientToken(r.clientToken()))
                .thenApply(resp -> events.toResult(PluginOperation.UPDATE, resp.progressEvent())),
        f -> failure(PluginOperation.UPDATE, f));
  }

  @Override
  public CompletionStage<ProgressResult> delete(PluginRequests.Delete r) {
    return progress(
        PluginOperation.DELETE,
        r.target(),
        c ->
            c.deleteResource(
                    b -> b.typeName(r.type()).identifier(r.nativeId()).clientToken(r.clientToken()))
                .thenApply(resp -> events.toResult(PluginOperation.DELETE, resp.progressEvent())),
        f ->
            f.isNotFound()
                // The SPI's delete is idempotent: already gone is deleted.
                ? ProgressResult.success(PluginOperation.DELETE, r.nativeId(), null)
                : failure(PluginOperation.DELETE, f));
  }

  @Override
  public CompletionStage<ProgressResult> status(PluginRequests.Status r) {
    return progress(
        PluginOperation.STATUS,
        r.target(),
        c ->
            c.getResourceRequestStatus(b -> b.requestToken(r.requestToken()))
                .thenApply(resp -> events.toResult(PluginOperation.STATUS, resp.progressEvent())),
        f -> pollFailure(r, f));
  }

  /**
   * A status poll that itself failed. A transient failure of the poll (throttled, a 5xx, a lost
   * connection) says nothing about the operation, which may still be running in the cloud: it
   * answers IN_PROGRESS with the same request token, so the engine polls again. Answering FAILED
   * there would make the engine retry a create that is still running, and create it twice.
   */
  private static ProgressResult pollFailure(PluginRequests.Status r, Failure f) {
    if (!f.retryable()) {
      return failure(PluginOperation.STATUS, f);
    }
    return new ProgressResult(
        PluginOperation.STATUS,
        OperationStatus.IN_PROGRESS,
        r.requestToken(),
        null,
        null,
        null,
        false,
        f.code() + " on status poll; poll again: " + f.message());
  }

  @Override
  public CompletionStage<ListResult> list(PluginRequests.ListPage r) {
    Integer max = r.pageSize() > 0 ? Integer.valueOf(Math.min(r.pageSize(), MAX_PAGE_SIZE)) : null;
    return send(
            r.target(),
            c ->
                c.listResources(
                        b ->
                            b.typeName(r.type())
                                .nextToken(blankToNull(r.pageToken()))
                                .maxResults(max))
                    .thenApply(
                        resp ->
                            new ListResult(
                                resp.resourceDescriptions().stream()
                                    .map(ResourceDescription::identifier)
                                    .toList(),
                                blankToNull(resp.nextToken()))))
        .handle(
            (page, e) -> {
              if (e == null) {
                return page;
              }
              Failure f = classify(e);
              throw new AwsCallException(f.code(), f.retryable(), f.message(), AwsErrors.unwrap(e));
            });
  }

  /**
   * Closes every client and fails calls still waiting for a token. Calls made afterwards fail with
   * a retryable {@code InternalFailure}: the agent is going down, and its restart re-drives them.
   */
  @Override
  public void close() {
    closed = true;
    // Not shutdownNow: a call already queued to be sent must still run, to fail against the
    // closed client, or its caller would wait forever. Timers still pending are dropped, and
    // failWaiting answers their callers.
    requests.shutdown();
    routes
        .values()
        .forEach(r -> r.bucket().failWaiting(new IllegalStateException(closedMessage())));
    clients.values().forEach(CloudControlAsyncClient::close);
    clients.clear();
    synchronized (this) {
      if (eventLoops != null) {
        // Closing a client closes its connections on these loops after close() returns; the
        // quiet period lets that finish instead of rejecting it. Asynchronous: close never waits.
        io.netty.util.concurrent.Future<?> unused =
            eventLoops.eventLoopGroup().shutdownGracefully(200, 5_000, TimeUnit.MILLISECONDS);
        eventLoops = null;
      }
    }
    ownedCredentials.close();
  }

  // ---- plumbing ----

  /** Sends one request once the target's bucket allows it; the stage fails if anything does. */
  private <T> CompletableFuture<T> send(
      Target target, Function<CloudControlAsyncClient, CompletableFuture<T>> call) {
    try {
      Route route = route(target);
      CloudControlAsyncClient client = route.client();
      return route
          .bucket()
          .acquire()
          .thenComposeAsync(ignored -> call.apply(client), this::onRequestThread);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link #send}, with every failure turned into a result by {@code onFailure}. */
  private CompletionStage<ProgressResult> progress(
      PluginOperation op,
      Target target,
      Function<CloudControlAsyncClient, CompletableFuture<ProgressResult>> call,
      Function<Failure, ProgressResult> onFailure) {
    return send(target, call)
        .handle(
            (result, e) -> {
              if (e == null) {
                return result;
              }
              try {
                return onFailure.apply(classify(e));
              } catch (RuntimeException bug) {
                return ProgressResult.failure(op, AwsErrors.UNFORESEEN_ERROR, bug.toString());
              }
            });
  }

  private Failure classify(Throwable e) {
    Throwable t = AwsErrors.unwrap(e);
    if (t instanceof InvalidTargetException) {
      return new Failure(ErrorCodes.INVALID_REQUEST, false, t.getMessage(), null);
    }
    if (closed) {
      return new Failure(ErrorCodes.INTERNAL_FAILURE, true, closedMessage() + ": " + t, null);
    }
    return AwsErrors.classify(t);
  }

  private static ProgressResult failure(PluginOperation op, Failure f) {
    return new ProgressResult(
        op, OperationStatus.FAILED, null, null, null, f.code(), f.retryable(), f.message());
  }

  private ProgressResult readResult(PluginRequests.Read r, ResourceDescription d) {
    String id = d == null || d.identifier() == null ? r.nativeId() : d.identifier();
    return ProgressResult.success(
        PluginOperation.READ, id, d == null ? null : events.properties(d.properties()));
  }

  /**
   * Where a target's calls go: its checked config, client and bucket. Looked up by label and reused
   * while the target's config is the same object, so the hot path parses nothing; a target whose
   * config changed is checked again, and keeps its bucket unless its RateLimit changed.
   */
  @SuppressWarnings("ReferenceEquality") // identity on purpose: a cheap "nothing changed"
  private Route route(Target target) {
    if (closed) {
      throw new IllegalStateException(closedMessage());
    }
    Route known = routes.get(target.label());
    if (known != null && known.config() == target.config()) {
      return known;
    }
    TargetConfig config = TargetConfig.of(target);
    CloudControlAsyncClient client =
        clients.computeIfAbsent(config.clientKey(), k -> newClient(config));
    return routes.compute(
        target.label(),
        (label, old) -> {
          TokenBucket bucket =
              old != null && old.settings().rateLimit() == config.rateLimit()
                  ? old.bucket()
                  // Callers still waiting on a replaced bucket keep their turn there.
                  : new TokenBucket(config.rateLimit(), System::nanoTime, this::schedule);
          return new Route(target.config(), config, client, bucket);
        });
  }

  /** A target's resolved config, client and rate limiter. */
  private record Route(
      ObjectNode config,
      TargetConfig settings,
      CloudControlAsyncClient client,
      TokenBucket bucket) {}

  /**
   * Runs {@code task} on one of this plugin's request threads: in place when already on one (a call
   * made from a completion, as a status poll after a create is), else queued to the pool. Once the
   * plugin is closed it runs in place too: the client is closed, so a send fails at once, and a
   * rejected task would leave its future incomplete forever.
   */
  private void onRequestThread(Runnable task) {
    if (Thread.currentThread() instanceof RequestThread t && t.owner == this) {
      task.run();
      return;
    }
    try {
      requests.execute(task);
    } catch (RejectedExecutionException closedMeanwhile) {
      task.run();
    }
  }

  /** A thread of {@link #requests}, marked so {@link #onRequestThread} can tell. */
  private final class RequestThread extends Thread {
    final AwsPlugin owner = AwsPlugin.this;

    RequestThread(Runnable task, String name) {
      super(task, name);
      setDaemon(true);
    }
  }

  private void schedule(Runnable task, long delayNanos) {
    ScheduledFuture<?> unused = requests.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }

  private CloudControlAsyncClient newClient(TargetConfig config) {
    CloudControlAsyncClientBuilder b =
        CloudControlAsyncClient.builder()
            .region(Region.of(config.region()))
            .credentialsProvider(credentials)
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .eventLoopGroup(eventLoops())
                    .maxConcurrency(MAX_CONNECTIONS))
            // Completions run on the request threads, not on an SDK pool of their own: a call
            // made from a completion (the status poll after a create) then goes out without
            // another hand-off. Nothing here blocks, nor may callers' callbacks.
            .asyncConfiguration(
                a ->
                    a.advancedOption(
                        SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR,
                        this::onRequestThread))
            .overrideConfiguration(
                o ->
                    o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(requestTimeout)
                        .apiCallTimeout(requestTimeout));
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    }
    return b.build();
  }

  private synchronized SdkEventLoopGroup eventLoops() {
    if (eventLoops == null) {
      // One group for every client: targets in many regions must not multiply Netty threads.
      eventLoops = SdkEventLoopGroup.builder().numberOfThreads(EVENT_LOOPS).build();
    }
    return eventLoops;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String closedMessage() {
    return "the AWS plugin is closed";
  }
}
