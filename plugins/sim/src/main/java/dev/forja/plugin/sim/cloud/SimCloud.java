package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.plugin.catalog.AwsCatalog;
import dev.forja.plugin.catalog.AwsType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
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

  private final ReentrantLock lock = new ReentrantLock();
  private final InstantSource clock;
  private final Templates templates;
  private final String defaultRegion;
  private final Catalogue catalogue;
  private final Path stateFile;
  private final Flusher flusher;

  // Everything below is guarded by lock; the helpers are called only under it.
  private final ResourceStore store;
  private final Faults faults;
  private final Requests requests;
  private final Settlement settlement;
  private final OutOfBand outOfBand;
  private final OpLog oplog = new OpLog();
  private final CloudControl api;
  private long version;
  private long flushedVersion;
  private boolean closed;

  private SimCloud(Builder b) {
    this.clock = b.clock;
    this.templates = new Templates(b.random);
    this.defaultRegion = b.region;
    this.catalogue = new Catalogue(AwsCatalog.types());
    this.store = new ResourceStore(catalogue);
    this.faults = new Faults(b.random, Faults.normalize(b.settings));
    this.requests = new Requests(b.random, faults);
    this.settlement = new Settlement(store, catalogue, requests, this::changed);
    this.outOfBand = new OutOfBand(store, catalogue, templates, this::changed);
    this.api =
        new CloudControl(
            catalogue, store, templates, faults, requests, settlement, oplog, this::changed);
    this.stateFile = b.stateFile;
    if (stateFile != null) {
      Snapshot.restore(stateFile, catalogue, store, requests, this::changed);
      flushedVersion = version;
      this.flusher = new Flusher(this::flush, stateFile);
    } else {
      this.flusher = null;
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
    ObjectNode desired = Json.parseObject(desiredState, "DesiredState");
    String in = region != null ? region : defaultRegion;
    return settled(now -> api.create(typeName, desired, clientToken, in, now));
  }

  /** UpdateResource with an RFC 6902 patch document (JSON text). */
  public ProgressEvent updateResource(
      String typeName, String identifier, String patchDocument, String clientToken) {
    JsonNode patch = Json.parse(patchDocument, "PatchDocument");
    try {
      JsonPatch.validate(patch);
    } catch (JsonPatch.PatchException e) {
      throw new SimException(CloudControlErrors.VALIDATION, 400, e.getMessage());
    }
    return settled(now -> api.update(typeName, identifier, patch, clientToken, now));
  }

  /** DeleteResource. */
  public ProgressEvent deleteResource(String typeName, String identifier, String clientToken) {
    return settled(now -> api.delete(typeName, identifier, clientToken, now));
  }

  /** GetResource; {@code ResourceNotFoundException} when there is none. */
  public ResourceDescription getResource(String typeName, String identifier) {
    ObjectNode model = settled(now -> api.read(typeName, identifier, now));
    // Models are never changed once stored, so they may be written outside the lock.
    return new ResourceDescription(identifier, Json.text(readable(typeName, model)));
  }

  /** ListResources, a page at a time, in identifier order. */
  public ResourcePage listResources(String typeName, String nextToken, int maxResults) {
    int size = maxResults > 0 ? maxResults : 100;
    String after = nextToken == null || nextToken.isEmpty() ? null : Json.decodeToken(nextToken);
    ResourceStore.Page page = settled(now -> api.list(typeName, after, size, now));
    List<ResourceDescription> out = new ArrayList<>(page.items().size());
    for (ResourceStore.Res r : page.items()) {
      out.add(new ResourceDescription(r.key().id(), Json.text(readable(typeName, r.model()))));
    }
    String next =
        page.more() ? Json.encodeToken(page.items().get(page.items().size() - 1).key().id()) : null;
    return new ResourcePage(out, next);
  }

  /** GetResourceRequestStatus; {@code RequestTokenNotFoundException} for an unknown token. */
  public ProgressEvent getResourceRequestStatus(String requestToken) {
    return settled(now -> api.status(requestToken, now));
  }

  /** CancelResourceRequest: a request still in progress ends CANCEL_COMPLETE, with no effect. */
  public ProgressEvent cancelResourceRequest(String requestToken) {
    return settled(now -> api.cancel(requestToken, now));
  }

  /** ListResourceRequests: every request, newest first. */
  public List<ProgressEvent> listResourceRequests() {
    return settled(now -> api.listRequests(now));
  }

  // ---- control ----

  /** Changes latency and fault rates from now on; requests in progress keep their latency. */
  public void configure(SimSettings settings) {
    SimSettings s = Faults.normalize(settings);
    lockedRun(() -> faults.configure(s));
  }

  /** The latency and fault rates in force. */
  public SimSettings settings() {
    return locked(faults::settings);
  }

  /** Adds a failure rule; a count below 1 counts as 1. */
  public void addRule(FailureRule rule) {
    Objects.requireNonNull(rule.op(), "Op");
    Objects.requireNonNull(rule.errorCode(), "ErrorCode");
    lockedRun(() -> faults.addRule(rule));
  }

  /** Clears every failure rule. */
  public void clearRules() {
    lockedRun(faults::clearRules);
  }

  /** A closed gate holds every mutation in progress until it opens. */
  public void gate(boolean open) {
    // What is already due completed before the gate closed.
    settledRun(now -> settlement.gate(open, now));
  }

  /** Whether the gate is open. */
  public boolean gateOpen() {
    return locked(settlement::gateOpen);
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
    String in = region != null ? region : defaultRegion;
    return settled(unused -> outOfBand.create(typeName, properties, in));
  }

  /** Merges top-level properties into a resource behind the engine's back. */
  public void outOfBandUpdate(String typeName, String identifier, ObjectNode properties) {
    settledRun(unused -> outOfBand.update(typeName, identifier, properties));
  }

  /** Deletes a resource behind the engine's back, dependents or not. */
  public void outOfBandDelete(String typeName, String identifier) {
    settledRun(unused -> outOfBand.delete(typeName, identifier));
  }

  /** Every resource, by type then identifier. */
  public List<SimResource> resources() {
    List<ResourceStore.Res> all = settled(unused -> store.all());
    List<SimResource> out = new ArrayList<>(all.size());
    for (ResourceStore.Res r : all) {
      out.add(new SimResource(r.key().type(), r.key().id(), r.model().deepCopy()));
    }
    return out;
  }

  /** How many resources the cloud holds. */
  public int resourceCount() {
    return settled(unused -> store.size());
  }

  /** Every operation received, in order (the most recent {@value #OPLOG_LIMIT}). */
  public List<OpLogEntry> oplog() {
    return locked(oplog::snapshot);
  }

  /** Forgets every resource, request, rule and log entry; settings return to ideal. */
  public void reset() {
    lockedRun(
        () -> {
          store.clear();
          requests.clear();
          faults.reset();
          oplog.clear();
          settlement.reopen();
          version++;
        });
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
    flusher.stop();
    flush();
  }

  // ---- under the lock ----

  /** Runs {@code body} under the lock, which guards every helper. */
  private <T> T locked(Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code body} under the lock, which guards every helper. */
  private void lockedRun(Runnable body) {
    lock.lock();
    try {
      body.run();
    } finally {
      lock.unlock();
    }
  }

  /** Under the lock, settles what is due, then runs {@code body}; every call starts here. */
  private <T> T settled(Function<Instant, T> body) {
    return locked(() -> body.apply(begin()));
  }

  /** Under the lock, settles what is due, then runs {@code body}. */
  private void settledRun(Consumer<Instant> body) {
    lockedRun(() -> body.accept(begin()));
  }

  /** Settles what is due. */
  private Instant begin() {
    Instant now = clock.instant();
    settlement.settle(now);
    return now;
  }

  /** A resource or request changed: the state file is out of date. */
  private void changed() {
    version++;
  }

  /** The model as Cloud Control answers it: without write-only properties. */
  private ObjectNode readable(String type, ObjectNode model) {
    return catalogue.info(type).readable(model);
  }

  // ---- persistence ----

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
      snapshot = Snapshot.take(store, requests);
    } finally {
      lock.unlock();
    }
    // Models are never changed once stored, so the snapshot may be written outside the lock.
    try {
      snapshot.write(stateFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write simulator state " + stateFile, e);
    }
    lockedRun(() -> flushedVersion = Math.max(flushedVersion, v));
  }
}
