package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.forja.plugin.catalog.AwsType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Cloud Control's operations once the cloud has settled what is due by {@code now}: each logs the
 * call, draws its faults, then checks, replays or starts a request. Not thread-safe: only called
 * under the lock of the {@link SimCloud} that holds it, which parses and renders JSON outside it.
 */
final class CloudControl {
  private final Catalogue catalogue;
  private final ResourceStore store;
  private final Templates templates;
  private final Faults faults;
  private final Requests requests;
  private final Settlement settlement;
  private final OpLog oplog;
  private final Runnable changed;

  /** {@code changed} is told of every new request, for the state file. */
  CloudControl(
      Catalogue catalogue,
      ResourceStore store,
      Templates templates,
      Faults faults,
      Requests requests,
      Settlement settlement,
      OpLog oplog,
      Runnable changed) {
    this.catalogue = catalogue;
    this.store = store;
    this.templates = templates;
    this.faults = faults;
    this.requests = requests;
    this.settlement = settlement;
    this.oplog = oplog;
    this.changed = changed;
  }

  /** CreateResource in {@code region}, which ARNs and URLs name. */
  ProgressEvent create(
      String typeName, ObjectNode desired, String clientToken, String region, Instant now) {
    OpLogEntry entry = new OpLogEntry("Create", typeName, null, clientToken, now);
    try {
      faults.faults();
      AwsType type = catalogue.require(typeName);
      Request replay = requests.replay(clientToken, "CREATE", typeName, null);
      if (replay != null) {
        entry = OpLog.withIdentifier(entry, replay.identifier);
        return replay.event(catalogue);
      }
      Templates.Named named = templates.name(type, desired, region, SimCloud.ACCOUNT);
      Request r = requests.newRequest("CREATE", typeName, named.identifier(), clientToken, now);
      entry = OpLog.withIdentifier(entry, named.identifier());
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
        faults.failByRule(r, "Create", typeName, named.identifier(), model);
      }
      return submit(r);
    } finally {
      oplog.log(entry);
    }
  }

  /** UpdateResource with a patch already validated. */
  ProgressEvent update(
      String typeName, String identifier, JsonNode patch, String clientToken, Instant now) {
    oplog.log(new OpLogEntry("Update", typeName, identifier, clientToken, now));
    faults.faults();
    catalogue.require(typeName);
    Request replay = requests.replay(clientToken, "UPDATE", typeName, identifier);
    if (replay != null) {
      return replay.event(catalogue);
    }
    requests.refuseConcurrent(typeName, identifier);
    Request r = requests.newRequest("UPDATE", typeName, identifier, clientToken, now);
    r.patch = (ArrayNode) patch;
    ResourceStore.Res res = store.find(typeName, identifier);
    faults.failByRule(r, "Update", typeName, identifier, res == null ? null : res.model());
    return submit(r);
  }

  /** DeleteResource. */
  ProgressEvent delete(String typeName, String identifier, String clientToken, Instant now) {
    oplog.log(new OpLogEntry("Delete", typeName, identifier, clientToken, now));
    faults.faults();
    catalogue.require(typeName);
    Request replay = requests.replay(clientToken, "DELETE", typeName, identifier);
    if (replay != null) {
      return replay.event(catalogue);
    }
    requests.refuseConcurrent(typeName, identifier);
    Request r = requests.newRequest("DELETE", typeName, identifier, clientToken, now);
    ResourceStore.Res res = store.find(typeName, identifier);
    faults.failByRule(r, "Delete", typeName, identifier, res == null ? null : res.model());
    return submit(r);
  }

  /** GetResource: the stored model, which the caller renders. */
  ObjectNode read(String typeName, String identifier, Instant now) {
    oplog.log(new OpLogEntry("Read", typeName, identifier, null, now));
    faults.faults();
    catalogue.require(typeName);
    ResourceStore.Res res = store.find(typeName, identifier);
    faults.syncRule("Read", typeName, identifier, res == null ? null : res.model());
    if (res == null) {
      throw CloudControlErrors.notFound(typeName, identifier);
    }
    return res.model();
  }

  /** ListResources: a page of stored models, which the caller renders. */
  ResourceStore.Page list(String typeName, String after, int size, Instant now) {
    oplog.log(new OpLogEntry("List", typeName, null, null, now));
    faults.faults();
    catalogue.require(typeName);
    faults.syncRule("List", typeName, null, null);
    return store.page(typeName, after, size);
  }

  /** GetResourceRequestStatus. */
  ProgressEvent status(String requestToken, Instant now) {
    return request("Status", requestToken, now).event(catalogue);
  }

  /** CancelResourceRequest: a request still in progress ends CANCEL_COMPLETE, with no effect. */
  ProgressEvent cancel(String requestToken, Instant now) {
    Request r = request("Cancel", requestToken, now);
    if (r.status.equals("IN_PROGRESS")) {
      requests.unqueue(r);
      settlement.finish(r, "CANCEL_COMPLETE", now, null, null, null);
    }
    return r.event(catalogue);
  }

  /** ListResourceRequests: every request, newest first. */
  List<ProgressEvent> listRequests(Instant now) {
    oplog.log(new OpLogEntry("ListRequests", null, null, null, now));
    faults.faults();
    List<Request> order = requests.inOrder();
    List<ProgressEvent> out = new ArrayList<>(order.size());
    for (int i = order.size() - 1; i >= 0; i--) {
      out.add(order.get(i).event(catalogue));
    }
    return out;
  }

  private ProgressEvent submit(Request r) {
    requests.add(r);
    changed.run();
    return r.event(catalogue);
  }

  /** Logs a call on a request token, then finds the request or throws as Cloud Control does. */
  private Request request(String op, String requestToken, Instant now) {
    Request r = requests.get(requestToken);
    oplog.log(
        new OpLogEntry(op, r == null ? null : r.type, r == null ? null : r.identifier, null, now));
    faults.faults();
    if (r == null) {
      throw new SimException(
          CloudControlErrors.REQUEST_TOKEN_NOT_FOUND,
          400,
          "Request with token " + requestToken + " was not found");
    }
    return r;
  }
}
