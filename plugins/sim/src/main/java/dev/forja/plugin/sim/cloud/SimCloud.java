package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.plugin.catalog.AwsCatalog;
import dev.forja.plugin.catalog.AwsType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * A simulated AWS account: resources by type and identifier, with Cloud Control's operations and
 * the rules AWS enforces (references must exist, deletes refused while dependents exist),
 * asynchronous mutations, idempotent client tokens, fault injection and out-of-band changes.
 * Thread-safe.
 *
 * <p>Behaviour, as the engine sees it:
 *
 * <ul>
 *   <li>CreateResource, UpdateResource and DeleteResource answer {@code IN_PROGRESS} with a request
 *       token. Their effect, and their {@code SUCCESS} or {@code FAILED}, happen once a latency
 *       drawn uniformly from the settings has passed, and at the earliest on the next call (with no
 *       latency, the first status poll sees the result). Nothing runs in the background: every call
 *       first settles the requests that are due, in completion order, so that a test with a
 *       controlled clock is deterministic. Reads see only settled effects.
 *   <li>A create or update whose {@link AwsType#references() reference} names no resource fails
 *       with {@code InvalidRequest}, naming the property and the value. A delete while a holding
 *       reference names the resource fails with {@code ResourceConflict}, its message starting with
 *       the type's AWS error ({@code HostedZoneNotEmpty: …}). Deleting a resource that does not
 *       exist fails with {@code NotFound}, as Cloud Control does; the engine counts that as
 *       deleted. Changing a CreateOnly property fails with {@code NotUpdatable}.
 *   <li>A mutation repeated with the same client token answers the request it started, and does
 *       nothing new; a token reused for another operation is a {@code
 *       ClientTokenConflictException}. An update or delete while another one of the same resource
 *       is in progress is a {@code ConcurrentOperationException}.
 *   <li>Throttling and error rates apply to every Cloud Control call, status polls included, as AWS
 *       throttles those too; the control calls (rules, gate, out-of-band, snapshots) never fail.
 *       Failure rules match Create, Read, Update, Delete and List, and only operations that are not
 *       replays of a client token.
 * </ul>
 *
 * <p>A {@link #persistent} cloud keeps its resources and requests in a JSON file, written
 * atomically at most every {@value #FLUSH_MILLIS} ms by a background thread and on {@link #close}.
 */
public final class SimCloud implements AutoCloseable {
  /** The account every ARN names. */
  public static final String ACCOUNT = "123456789012";

  /** The region of resources whose request names none. */
  public static final String DEFAULT_REGION = "us-east-1";

  /** How often a persistent cloud writes its file at most; a crash loses at most this much. */
  static final long FLUSH_MILLIS = 150;

  /** How many operation-log entries are kept; older ones are dropped. */
  static final int OPLOG_LIMIT = 1_000_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReentrantLock lock = new ReentrantLock();
  private final InstantSource clock;
  private final RandomGenerator random;
  private final Templates templates;
  private final String defaultRegion;
  private final Catalogue catalogue;
  private final Path stateFile;
  private final ScheduledExecutorService flusher;
  private final ScheduledFuture<?> flushing;

  // Everything below is guarded by lock.
  private final ResourceStore store;
  private final Map<String, Request> requests = new HashMap<>();
  private final List<Request> requestOrder = new ArrayList<>();
  private final Map<String, Request> byClientToken = new HashMap<>();
  private final Map<String, Request> mutating = new HashMap<>();
  private final PriorityQueue<Request> pending =
      new PriorityQueue<>(
          Comparator.comparing((Request r) -> r.due).thenComparingLong((Request r) -> r.seq));

  private final List<Rule> rules = new ArrayList<>();
  private final ArrayDeque<OpLogEntry> oplog = new ArrayDeque<>();
  private SimSettings settings;
  private boolean gateOpen = true;
  private Instant gateOpenedAt = Instant.EPOCH;
  private long seq;
  private long version;
  private long flushedVersion;
  private boolean closed;

  private SimCloud(Builder b) {
    this.clock = b.clock;
    this.random = b.random;
    this.templates = new Templates(b.random);
    this.defaultRegion = b.region;
    this.catalogue = new Catalogue(AwsCatalog.types());
    this.store = new ResourceStore(catalogue);
    this.settings = normalize(b.settings);
    this.stateFile = b.stateFile;
    if (stateFile != null) {
      load();
      this.flusher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "sim-cloud-flusher");
                t.setDaemon(true);
                return t;
              });
      // Failures are handled inside flushQuietly; the future is only kept to satisfy ErrorProne.
      this.flushing =
          flusher.scheduleWithFixedDelay(
              this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    } else {
      this.flusher = null;
      this.flushing = null;
    }
  }

  /** An in-memory cloud with the given behaviour. */
  public static SimCloud inMemory(SimSettings settings) {
    return builder().settings(settings).build();
  }

  /** A cloud whose resources survive a restart in {@code stateFile}. */
  public static SimCloud persistent(SimSettings settings, Path stateFile) {
    return builder().settings(settings).stateFile(stateFile).build();
  }

  /** A builder, for a controlled clock and random source, a state file or another region. */
  public static Builder builder() {
    return new Builder();
  }

  /** How to make a {@link SimCloud}. */
  public static final class Builder {
    private SimSettings settings = SimSettings.IDEAL;
    private Path stateFile;
    private InstantSource clock = InstantSource.system();
    private RandomGenerator random = new SplittableRandom();
    private String region = DEFAULT_REGION;

    private Builder() {}

    /** Latency and fault rates; {@link SimSettings#IDEAL} unless set. */
    public Builder settings(SimSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Keep resources and requests in this file, and load them from it if it exists. */
    public Builder stateFile(Path stateFile) {
      this.stateFile = stateFile;
      return this;
    }

    /** The clock latencies are measured on; the system clock unless set. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The source of latencies, faults, identifiers and tokens; seed it for repeatable runs. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The region of requests that name none; {@value SimCloud#DEFAULT_REGION} unless set. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** The cloud; a persistent one starts its background writer. */
    public SimCloud build() {
      return new SimCloud(this);
    }
  }

  // ---- Cloud Control ----

  /**
   * CreateResource: IN_PROGRESS with a request token; the same client token answers the same
   * request.
   */
  public ProgressEvent createResource(String typeName, String desiredState, String clientToken) {
    return createResource(typeName, desiredState, clientToken, null);
  }

  /**
   * CreateResource in {@code region} (null for the cloud's default), which ARNs and URLs name. The
   * server takes it from the request's signature; the in-process plugin from the target.
   */
  public ProgressEvent createResource(
      String typeName, String desiredState, String clientToken, String region) {
    ObjectNode desired = parseObject(desiredState, "DesiredState");
    lock.lock();
    try {
      Instant now = begin();
      OpLogEntry entry = new OpLogEntry("Create", typeName, null, clientToken, now);
      try {
        faults();
        AwsType type = type(typeName);
        Request replay = replay(clientToken, "CREATE", typeName, null);
        if (replay != null) {
          entry = withIdentifier(entry, replay.identifier);
          return event(replay);
        }
        Templates.Named named =
            templates.name(type, desired, region != null ? region : defaultRegion, ACCOUNT);
        Request r = newRequest("CREATE", typeName, named.identifier(), clientToken, now);
        entry = withIdentifier(entry, named.identifier());
        if (named.missing() != null) {
          r.failCode = "InvalidRequest";
          r.failMessage =
              "Model validation failed: required property " + named.missing() + " is missing";
        } else {
          ObjectNode model = desired.deepCopy();
          named.outputs().forEach(model::set);
          if (type.schema().identifier() != null && !model.has(type.schema().identifier())) {
            model.put(type.schema().identifier(), named.identifier());
          }
          r.desired = model;
          failByRule(r, "Create", typeName, named.identifier(), model);
        }
        return submit(r);
      } finally {
        log(entry);
      }
    } finally {
      lock.unlock();
    }
  }

  /** UpdateResource with an RFC 6902 patch document (JSON text). */
  public ProgressEvent updateResource(
      String typeName, String identifier, String patchDocument, String clientToken) {
    JsonNode patch = parse(patchDocument, "PatchDocument");
    try {
      JsonPatch.validate(patch);
    } catch (JsonPatch.PatchException e) {
      throw new SimException(CloudControlErrors.VALIDATION, 400, e.getMessage());
    }
    lock.lock();
    try {
      Instant now = begin();
      log(new OpLogEntry("Update", typeName, identifier, clientToken, now));
      faults();
      type(typeName);
      Request replay = replay(clientToken, "UPDATE", typeName, identifier);
      if (replay != null) {
        return event(replay);
      }
      refuseConcurrent(typeName, identifier);
      Request r = newRequest("UPDATE", typeName, identifier, clientToken, now);
      r.patch = (ArrayNode) patch;
      ResourceStore.Res res = find(typeName, identifier);
      failByRule(r, "Update", typeName, identifier, res == null ? null : res.model());
      return submit(r);
    } finally {
      lock.unlock();
    }
  }

  /** DeleteResource. */
  public ProgressEvent deleteResource(String typeName, String identifier, String clientToken) {
    lock.lock();
    try {
      Instant now = begin();
      log(new OpLogEntry("Delete", typeName, identifier, clientToken, now));
      faults();
      type(typeName);
      Request replay = replay(clientToken, "DELETE", typeName, identifier);
      if (replay != null) {
        return event(replay);
      }
      refuseConcurrent(typeName, identifier);
      Request r = newRequest("DELETE", typeName, identifier, clientToken, now);
      ResourceStore.Res res = find(typeName, identifier);
      failByRule(r, "Delete", typeName, identifier, res == null ? null : res.model());
      return submit(r);
    } finally {
      lock.unlock();
    }
  }

  /** GetResource; {@code ResourceNotFoundException} when there is none. */
  public ResourceDescription getResource(String typeName, String identifier) {
    ObjectNode model;
    lock.lock();
    try {
      log(new OpLogEntry("Read", typeName, identifier, null, begin()));
      faults();
      type(typeName);
      ResourceStore.Res res = find(typeName, identifier);
      syncRule("Read", typeName, identifier, res == null ? null : res.model());
      if (res == null) {
        throw notFound(typeName, identifier);
      }
      model = res.model();
    } finally {
      lock.unlock();
    }
    // Models are never changed once stored, so they may be written outside the lock.
    return new ResourceDescription(identifier, text(readable(typeName, model)));
  }

  /** ListResources, a page at a time, in identifier order. */
  public ResourcePage listResources(String typeName, String nextToken, int maxResults) {
    int size = maxResults > 0 ? maxResults : 100;
    String after = nextToken == null || nextToken.isEmpty() ? null : decodeToken(nextToken);
    ResourceStore.Page page;
    lock.lock();
    try {
      log(new OpLogEntry("List", typeName, null, null, begin()));
      faults();
      type(typeName);
      syncRule("List", typeName, null, null);
      page = store.page(typeName, after, size);
    } finally {
      lock.unlock();
    }
    List<ResourceDescription> out = new ArrayList<>(page.items().size());
    for (ResourceStore.Res r : page.items()) {
      out.add(new ResourceDescription(r.key().id(), text(readable(typeName, r.model()))));
    }
    String next =
        page.more() ? encodeToken(page.items().get(page.items().size() - 1).key().id()) : null;
    return new ResourcePage(out, next);
  }

  /** GetResourceRequestStatus; {@code RequestTokenNotFoundException} for an unknown token. */
  public ProgressEvent getResourceRequestStatus(String requestToken) {
    lock.lock();
    try {
      Instant now = begin();
      Request r = requests.get(requestToken);
      log(
          new OpLogEntry(
              "Status", r == null ? null : r.type, r == null ? null : r.identifier, null, now));
      faults();
      if (r == null) {
        throw new SimException(
            CloudControlErrors.REQUEST_TOKEN_NOT_FOUND,
            400,
            "Request with token " + requestToken + " was not found");
      }
      return event(r);
    } finally {
      lock.unlock();
    }
  }

  /** CancelResourceRequest: a request still in progress ends CANCEL_COMPLETE, with no effect. */
  public ProgressEvent cancelResourceRequest(String requestToken) {
    lock.lock();
    try {
      Instant now = begin();
      Request r = requests.get(requestToken);
      log(
          new OpLogEntry(
              "Cancel", r == null ? null : r.type, r == null ? null : r.identifier, null, now));
      faults();
      if (r == null) {
        throw new SimException(
            CloudControlErrors.REQUEST_TOKEN_NOT_FOUND,
            400,
            "Request with token " + requestToken + " was not found");
      }
      if (r.status.equals("IN_PROGRESS")) {
        pending.remove(r);
        finish(r, "CANCEL_COMPLETE", now, null, null, null);
      }
      return event(r);
    } finally {
      lock.unlock();
    }
  }

  /** ListResourceRequests: every request, newest first. */
  public List<ProgressEvent> listResourceRequests() {
    lock.lock();
    try {
      log(new OpLogEntry("ListRequests", null, null, null, begin()));
      faults();
      List<ProgressEvent> out = new ArrayList<>(requestOrder.size());
      for (int i = requestOrder.size() - 1; i >= 0; i--) {
        out.add(event(requestOrder.get(i)));
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  // ---- control ----

  /** Changes latency and fault rates from now on; requests in progress keep their latency. */
  public void configure(SimSettings settings) {
    SimSettings s = normalize(settings);
    lock.lock();
    try {
      this.settings = s;
    } finally {
      lock.unlock();
    }
  }

  /** The latency and fault rates in force. */
  public SimSettings settings() {
    lock.lock();
    try {
      return settings;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a failure rule; a count below 1 counts as 1. */
  public void addRule(FailureRule rule) {
    Objects.requireNonNull(rule.op(), "Op");
    Objects.requireNonNull(rule.errorCode(), "ErrorCode");
    lock.lock();
    try {
      rules.add(new Rule(rule, Math.max(1, rule.count())));
    } finally {
      lock.unlock();
    }
  }

  /** Clears every failure rule. */
  public void clearRules() {
    lock.lock();
    try {
      rules.clear();
    } finally {
      lock.unlock();
    }
  }

  /** A closed gate holds every mutation in progress until it opens. */
  public void gate(boolean open) {
    lock.lock();
    try {
      // What is already due completed before the gate closed.
      Instant now = begin();
      if (open && !gateOpen) {
        gateOpenedAt = now;
      }
      gateOpen = open;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the gate is open. */
  public boolean gateOpen() {
    lock.lock();
    try {
      return gateOpen;
    } finally {
      lock.unlock();
    }
  }

  /** Creates a resource behind the engine's back; returns the identifier AWS would assign. */
  public String outOfBandCreate(String typeName, ObjectNode properties) {
    return outOfBandCreate(typeName, properties, null);
  }

  /**
   * Creates a resource in {@code region} (null for the default) behind the engine's back.
   * References are not checked: out of band is how a test makes a world the engine did not.
   */
  public String outOfBandCreate(String typeName, ObjectNode properties, String region) {
    lock.lock();
    try {
      begin();
      AwsType type = type(typeName);
      Templates.Named named =
          templates.name(type, properties, region != null ? region : defaultRegion, ACCOUNT);
      if (named.missing() != null) {
        throw new SimException(
            CloudControlErrors.VALIDATION,
            400,
            "required property " + named.missing() + " of " + typeName + " is missing");
      }
      if (find(typeName, named.identifier()) != null) {
        throw new SimException(
            "AlreadyExistsException",
            400,
            typeName + " with identifier " + named.identifier() + " already exists");
      }
      ObjectNode model = properties.deepCopy();
      named.outputs().forEach(model::set);
      if (type.schema().identifier() != null && !model.has(type.schema().identifier())) {
        model.put(type.schema().identifier(), named.identifier());
      }
      put(new ResourceStore.Key(typeName, named.identifier()), model);
      return named.identifier();
    } finally {
      lock.unlock();
    }
  }

  /** Merges top-level properties into a resource behind the engine's back. */
  public void outOfBandUpdate(String typeName, String identifier, ObjectNode properties) {
    lock.lock();
    try {
      begin();
      type(typeName);
      ResourceStore.Res res = find(typeName, identifier);
      if (res == null) {
        throw notFound(typeName, identifier);
      }
      ObjectNode model = res.model().deepCopy();
      properties.properties().forEach(e -> model.set(e.getKey(), e.getValue().deepCopy()));
      put(res.key(), model);
    } finally {
      lock.unlock();
    }
  }

  /** Deletes a resource behind the engine's back, dependents or not. */
  public void outOfBandDelete(String typeName, String identifier) {
    lock.lock();
    try {
      begin();
      type(typeName);
      if (find(typeName, identifier) == null) {
        throw notFound(typeName, identifier);
      }
      remove(new ResourceStore.Key(typeName, identifier));
    } finally {
      lock.unlock();
    }
  }

  /** Every resource, by type then identifier. */
  public List<SimResource> resources() {
    List<ResourceStore.Res> all;
    lock.lock();
    try {
      begin();
      all = store.all();
    } finally {
      lock.unlock();
    }
    List<SimResource> out = new ArrayList<>(all.size());
    for (ResourceStore.Res r : all) {
      out.add(new SimResource(r.key().type(), r.key().id(), r.model().deepCopy()));
    }
    return out;
  }

  /** How many resources the cloud holds. */
  public int resourceCount() {
    lock.lock();
    try {
      begin();
      return store.size();
    } finally {
      lock.unlock();
    }
  }

  /** Every operation received, in order (the most recent {@value #OPLOG_LIMIT}). */
  public List<OpLogEntry> oplog() {
    lock.lock();
    try {
      return new ArrayList<>(oplog);
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every resource, request, rule and log entry; settings return to ideal. */
  public void reset() {
    lock.lock();
    try {
      store.clear();
      requests.clear();
      requestOrder.clear();
      byClientToken.clear();
      mutating.clear();
      pending.clear();
      rules.clear();
      oplog.clear();
      settings = SimSettings.IDEAL;
      gateOpen = true;
      version++;
    } finally {
      lock.unlock();
    }
  }

  /** Writes the state file one last time and stops the background writer. */
  @Override
  public void close() {
    if (flusher == null) {
      return;
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    flushing.cancel(false);
    flusher.shutdown();
    try {
      if (!flusher.awaitTermination(10, TimeUnit.SECONDS)) {
        flusher.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
  }

  // ---- requests ----

  /** Settles what is due; every call starts here. */
  private Instant begin() {
    Instant now = clock.instant();
    settle(now);
    return now;
  }

  private void settle(Instant now) {
    if (!gateOpen) {
      return;
    }
    while (!pending.isEmpty() && !pending.peek().due.isAfter(now)) {
      Request r = pending.poll();
      Instant at = r.due.isBefore(gateOpenedAt) ? gateOpenedAt : r.due;
      switch (r.operation) {
        case "CREATE" -> settleCreate(r, at);
        case "UPDATE" -> settleUpdate(r, at);
        default -> settleDelete(r, at);
      }
    }
  }

  private void settleCreate(Request r, Instant at) {
    if (r.failCode != null) {
      finish(r, "FAILED", at, null, r.failCode, r.failMessage);
      return;
    }
    if (find(r.type, r.identifier) != null) {
      finish(
          r,
          "FAILED",
          at,
          null,
          "AlreadyExists",
          r.type + " with identifier " + r.identifier + " already exists");
      return;
    }
    String dangling = store.danglingReference(r.type, r.desired, null);
    if (dangling != null) {
      finish(r, "FAILED", at, null, "InvalidRequest", dangling);
      return;
    }
    put(new ResourceStore.Key(r.type, r.identifier), r.desired);
    finish(r, "SUCCESS", at, r.desired, null, null);
  }

  private void settleUpdate(Request r, Instant at) {
    ResourceStore.Res res = find(r.type, r.identifier);
    if (res == null) {
      finish(r, "FAILED", at, null, "NotFound", notFoundMessage(r.type, r.identifier));
      return;
    }
    if (r.failCode != null) {
      finish(r, "FAILED", at, null, r.failCode, r.failMessage);
      return;
    }
    ObjectNode next;
    try {
      next = JsonPatch.apply(res.model(), r.patch);
    } catch (JsonPatch.PatchException e) {
      finish(r, "FAILED", at, null, "InvalidRequest", e.getMessage());
      return;
    }
    Catalogue.TypeInfo info = catalogue.info(r.type);
    // Read-only outputs stay what the cloud made them, whatever the patch says.
    for (String out : info.readOnly) {
      JsonNode v = res.model().get(out);
      if (v == null) {
        next.remove(out);
      } else {
        next.set(out, v);
      }
    }
    for (String f : info.createOnly) {
      if (!Objects.equals(res.model().get(f), next.get(f))) {
        finish(
            r,
            "FAILED",
            at,
            null,
            "NotUpdatable",
            "Resource " + r.identifier + " cannot be updated: property " + f + " is create-only");
        return;
      }
    }
    String dangling = store.danglingReference(r.type, next, res.model());
    if (dangling != null) {
      finish(r, "FAILED", at, null, "InvalidRequest", dangling);
      return;
    }
    put(res.key(), next);
    finish(r, "SUCCESS", at, next, null, null);
  }

  private void settleDelete(Request r, Instant at) {
    ResourceStore.Res res = find(r.type, r.identifier);
    if (res == null) {
      finish(r, "FAILED", at, null, "NotFound", notFoundMessage(r.type, r.identifier));
      return;
    }
    if (r.failCode != null) {
      finish(r, "FAILED", at, null, r.failCode, r.failMessage);
      return;
    }
    String conflict = store.deleteConflict(res);
    if (conflict != null) {
      finish(r, "FAILED", at, null, "ResourceConflict", conflict);
      return;
    }
    remove(res.key());
    finish(r, "SUCCESS", at, null, null, null);
  }

  private Request newRequest(
      String operation, String type, String identifier, String clientToken, Instant now) {
    Request r =
        new Request(
            Templates.uuid(random),
            operation,
            type,
            identifier,
            clientToken == null || clientToken.isEmpty() ? null : clientToken,
            ++seq);
    r.due = now.plus(latency());
    r.status = "IN_PROGRESS";
    r.eventTime = now;
    return r;
  }

  private ProgressEvent submit(Request r) {
    requests.put(r.token, r);
    requestOrder.add(r);
    if (r.clientToken != null) {
      byClientToken.put(r.clientToken, r);
    }
    if (!r.operation.equals("CREATE")) {
      mutating.put(flat(r.type, r.identifier), r);
    }
    pending.add(r);
    version++;
    return event(r);
  }

  private void finish(
      Request r, String status, Instant at, ObjectNode model, String code, String message) {
    r.status = status;
    r.eventTime = at;
    r.model = model;
    r.errorCode = code;
    r.statusMessage = message;
    r.desired = null;
    r.patch = null;
    if (!r.operation.equals("CREATE")) {
      mutating.remove(flat(r.type, r.identifier), r);
    }
    version++;
  }

  private Request replay(String clientToken, String operation, String type, String identifier) {
    if (clientToken == null || clientToken.isEmpty()) {
      return null;
    }
    Request r = byClientToken.get(clientToken);
    if (r == null) {
      return null;
    }
    boolean same =
        r.operation.equals(operation)
            && r.type.equals(type)
            && (identifier == null || identifier.equals(r.identifier));
    if (!same) {
      throw new SimException(
          CloudControlErrors.CLIENT_TOKEN_CONFLICT,
          400,
          "Client token " + clientToken + " was used for another request: " + r.token);
    }
    return r;
  }

  private void refuseConcurrent(String type, String identifier) {
    Request busy = mutating.get(flat(type, identifier));
    if (busy != null) {
      throw new SimException(
          CloudControlErrors.CONCURRENT_OPERATION,
          400,
          "Another "
              + busy.operation
              + " ("
              + busy.token
              + ") is in progress on "
              + type
              + " "
              + identifier);
    }
  }

  private ProgressEvent event(Request r) {
    String model = null;
    if (r.model != null) {
      if (r.modelText == null) {
        r.modelText = text(readable(r.type, r.model));
      }
      model = r.modelText;
    }
    return new ProgressEvent(
        r.type,
        r.identifier,
        r.token,
        r.operation,
        r.status,
        r.eventTime,
        model,
        r.statusMessage,
        r.errorCode);
  }

  private Duration latency() {
    long min = settings.latencyMin().toNanos();
    long max = settings.latencyMax().toNanos();
    return Duration.ofNanos(max > min ? random.nextLong(min, max + 1) : min);
  }

  // ---- faults ----

  private void faults() {
    SimSettings s = settings;
    if (s.throttleRate() > 0 && random.nextDouble() < s.throttleRate()) {
      throw new SimException(CloudControlErrors.THROTTLING_EXCEPTION, 400, "Rate exceeded");
    }
    if (s.errorRate() > 0 && random.nextDouble() < s.errorRate()) {
      throw new SimException(
          CloudControlErrors.INTERNAL_FAILURE, 500, "An internal error occurred (simulated)");
    }
  }

  /** Marks {@code r} to fail with a matching rule's HandlerErrorCode, or throws an API error. */
  private void failByRule(Request r, String op, String type, String identifier, ObjectNode model) {
    Rule rule = matchRule(op, type, identifier, model);
    if (rule == null) {
      return;
    }
    String code = rule.spec.errorCode();
    if (CloudControlErrors.isApiLevel(code)) {
      throw CloudControlErrors.exceptionFor(code, "Simulated " + code + " for " + op);
    }
    r.failCode = code;
    r.failMessage = "Simulated " + code + " for " + op + " of " + type;
  }

  /** Throws what a matching rule says a synchronous call (Read, List) fails with. */
  private void syncRule(String op, String type, String identifier, ObjectNode model) {
    Rule rule = matchRule(op, type, identifier, model);
    if (rule != null) {
      String code = rule.spec.errorCode();
      throw CloudControlErrors.exceptionFor(code, "Simulated " + code + " for " + op);
    }
  }

  private Rule matchRule(String op, String type, String identifier, ObjectNode model) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule r = it.next();
      FailureRule s = r.spec;
      if (!s.op().equalsIgnoreCase(op)
          || (s.typeName() != null && !s.typeName().equals(type))
          || (s.name() != null && !names(s.name(), identifier, model))) {
        continue;
      }
      if (--r.remaining <= 0) {
        it.remove();
      }
      return r;
    }
    return null;
  }

  private static boolean names(String name, String identifier, ObjectNode model) {
    if (name.equals(identifier)) {
      return true;
    }
    if (model != null) {
      for (Map.Entry<String, JsonNode> e : model.properties()) {
        if (e.getValue().isTextual() && e.getValue().asText().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- resources and indexes ----

  private AwsType type(String typeName) {
    AwsType t = typeName == null ? null : catalogue.type(typeName);
    if (t == null) {
      throw new SimException(
          CloudControlErrors.TYPE_NOT_FOUND, 400, "The type " + typeName + " cannot be found");
    }
    return t;
  }

  private ResourceStore.Res find(String type, String identifier) {
    return store.find(type, identifier);
  }

  /** Stores {@code model} as the resource's state. */
  private void put(ResourceStore.Key key, ObjectNode model) {
    store.put(key, model);
    version++;
  }

  private void remove(ResourceStore.Key key) {
    if (store.remove(key)) {
      version++;
    }
  }

  /** A key for a resource in a plain map. */
  private static String flat(String type, String identifier) {
    return type + '\u0000' + identifier;
  }

  /** The model as Cloud Control answers it: without write-only properties. */
  private ObjectNode readable(String type, ObjectNode model) {
    return catalogue.info(type).readable(model);
  }

  private static SimException notFound(String type, String identifier) {
    return new SimException(
        CloudControlErrors.RESOURCE_NOT_FOUND, 400, notFoundMessage(type, identifier));
  }

  private static String notFoundMessage(String type, String identifier) {
    return "Resource of type '" + type + "' with identifier '" + identifier + "' was not found.";
  }

  private void log(OpLogEntry e) {
    if (oplog.size() >= OPLOG_LIMIT) {
      oplog.removeFirst();
    }
    oplog.addLast(e);
  }

  private static OpLogEntry withIdentifier(OpLogEntry e, String identifier) {
    return new OpLogEntry(e.op(), e.typeName(), identifier, e.clientToken(), e.ts());
  }

  // ---- JSON ----

  private static JsonNode parse(String json, String what) {
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

  private static ObjectNode parseObject(String json, String what) {
    JsonNode n = parse(json, what);
    if (!n.isObject()) {
      throw new SimException(CloudControlErrors.VALIDATION, 400, what + " must be a JSON object");
    }
    return (ObjectNode) n;
  }

  private static String text(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static String encodeToken(String identifier) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(identifier.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new SimException(CloudControlErrors.VALIDATION, 400, "Invalid NextToken: " + token);
    }
  }

  private static SimSettings normalize(SimSettings s) {
    Duration min = s.latencyMin() == null ? Duration.ZERO : s.latencyMin();
    Duration max = s.latencyMax() == null ? min : s.latencyMax();
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency must satisfy 0 <= min <= max: " + s);
    }
    if (s.throttleRate() < 0 || s.throttleRate() > 1 || s.errorRate() < 0 || s.errorRate() > 1) {
      throw new IllegalArgumentException("rates lie between 0 and 1: " + s);
    }
    return new SimSettings(min, max, s.throttleRate(), s.errorRate());
  }

  // ---- persistence ----

  private void load() {
    StateFile f;
    try {
      f = StateFile.read(stateFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simulator state " + stateFile, e);
    }
    if (f == null) {
      return;
    }
    seq = f.seq();
    for (StateFile.StoredResource r : f.resources()) {
      if (catalogue.type(r.typeName()) != null) {
        put(new ResourceStore.Key(r.typeName(), r.identifier()), r.properties());
      }
    }
    for (StateFile.StoredRequest s : f.requests()) {
      Request r =
          new Request(
              s.requestToken(),
              s.operation(),
              s.typeName(),
              s.identifier(),
              s.clientToken(),
              s.seq());
      r.due = s.due();
      r.status = s.operationStatus();
      r.eventTime = s.eventTime();
      r.model = s.resourceModel();
      r.statusMessage = s.statusMessage();
      r.errorCode = s.errorCode();
      r.desired = s.desired();
      r.patch = s.patch();
      r.failCode = s.failCode();
      r.failMessage = s.failCode() == null ? null : "Simulated " + s.failCode();
      requests.put(r.token, r);
      requestOrder.add(r);
      if (r.clientToken != null) {
        byClientToken.put(r.clientToken, r);
      }
      if (r.status.equals("IN_PROGRESS")) {
        pending.add(r);
        if (!r.operation.equals("CREATE")) {
          mutating.put(flat(r.type, r.identifier), r);
        }
      }
    }
    flushedVersion = version;
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      // The next round tries again; a background writer must not die of one bad write.
      System.err.println("sim-cloud: cannot write " + stateFile + ": " + e);
    }
  }

  /** Writes the state file if anything changed since the last write. */
  void flush() {
    StateFile snapshot;
    long v;
    lock.lock();
    try {
      if (version == flushedVersion) {
        return;
      }
      v = version;
      List<StateFile.StoredResource> res = new ArrayList<>();
      for (ResourceStore.Res r : store.all()) {
        res.add(new StateFile.StoredResource(r.key().type(), r.key().id(), r.model()));
      }
      List<StateFile.StoredRequest> reqs = new ArrayList<>(requestOrder.size());
      requestOrder.forEach(r -> reqs.add(r.stored()));
      snapshot = new StateFile(StateFile.VERSION, seq, res, reqs);
    } finally {
      lock.unlock();
    }
    // Models are never changed once stored, so the snapshot may be written outside the lock.
    try {
      snapshot.write(stateFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write simulator state " + stateFile, e);
    }
    lock.lock();
    try {
      flushedVersion = Math.max(flushedVersion, v);
    } finally {
      lock.unlock();
    }
  }

  // ---- state ----

  /** A Cloud Control request: what it does, and where it stands. */
  private static final class Request {
    final String token;
    final String operation;
    final String type;
    final String identifier;
    final String clientToken;
    final long seq;
    Instant due;
    String status;
    Instant eventTime;
    ObjectNode model;
    String modelText;
    String statusMessage;
    String errorCode;
    ObjectNode desired;
    ArrayNode patch;
    String failCode;
    String failMessage;

    Request(
        String token,
        String operation,
        String type,
        String identifier,
        String clientToken,
        long seq) {
      this.token = token;
      this.operation = operation;
      this.type = type;
      this.identifier = identifier;
      this.clientToken = clientToken;
      this.seq = seq;
    }

    StateFile.StoredRequest stored() {
      return new StateFile.StoredRequest(
          token,
          operation,
          type,
          identifier,
          clientToken,
          seq,
          due,
          status,
          eventTime,
          model,
          statusMessage,
          errorCode,
          desired,
          patch,
          failCode);
    }
  }

  /** A failure rule and how many more operations it fails. */
  private static final class Rule {
    final FailureRule spec;
    int remaining;

    Rule(FailureRule spec, int remaining) {
      this.spec = spec;
      this.remaining = remaining;
    }
  }
}
