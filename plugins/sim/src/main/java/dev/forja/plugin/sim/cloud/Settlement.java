package dev.forja.plugin.sim.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * Gives requests in progress their effect once they are due, in completion order, and holds them
 * while the gate is closed. Nothing runs in the background: the cloud calls {@link #settle} first
 * in every call, so that a test with a controlled clock is deterministic. Not thread-safe: only
 * called under the lock of the {@link SimCloud} that holds it.
 */
final class Settlement {
  private final ResourceStore store;
  private final Catalogue catalogue;
  private final Requests requests;
  private final Runnable changed;
  private boolean gateOpen = true;
  private Instant gateOpenedAt = Instant.EPOCH;

  /** {@code changed} is told of every change to a resource or a request, for the state file. */
  Settlement(ResourceStore store, Catalogue catalogue, Requests requests, Runnable changed) {
    this.store = store;
    this.catalogue = catalogue;
    this.requests = requests;
    this.changed = changed;
  }

  boolean gateOpen() {
    return gateOpen;
  }

  /** Opens or closes the gate; settle what is due by {@code now} first. */
  void gate(boolean open, Instant now) {
    if (open && !gateOpen) {
      gateOpenedAt = now;
    }
    gateOpen = open;
  }

  /** Opens the gate, as on a reset. */
  void reopen() {
    gateOpen = true;
  }

  /** Settles every request due by {@code now}, unless the gate is closed. */
  void settle(Instant now) {
    if (!gateOpen) {
      return;
    }
    for (Request r = requests.pollDue(now); r != null; r = requests.pollDue(now)) {
      // A request held by the gate completes when the gate opened, not when it fell due.
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
    if (store.find(r.type, r.identifier) != null) {
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

  /**
   * The resource an update or delete acts on, or null once {@code r} has been finished FAILED:
   * NotFound when it is gone, or the failure a rule injected into the request.
   */
  private ResourceStore.Res existingOrFailed(Request r, Instant at) {
    ResourceStore.Res res = store.find(r.type, r.identifier);
    if (res == null) {
      finish(
          r,
          "FAILED",
          at,
          null,
          "NotFound",
          CloudControlErrors.notFoundMessage(r.type, r.identifier));
      return null;
    }
    if (r.failCode != null) {
      finish(r, "FAILED", at, null, r.failCode, r.failMessage);
      return null;
    }
    return res;
  }

  private void settleUpdate(Request r, Instant at) {
    ResourceStore.Res res = existingOrFailed(r, at);
    if (res == null) {
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
    ResourceStore.Res res = existingOrFailed(r, at);
    if (res == null) {
      return;
    }
    String conflict = store.deleteConflict(res);
    if (conflict != null) {
      finish(r, "FAILED", at, null, "ResourceConflict", conflict);
      return;
    }
    if (store.remove(res.key())) {
      changed.run();
    }
    finish(r, "SUCCESS", at, null, null, null);
  }

  /** Ends {@code r} with {@code status}; a request cancelled in progress ends here too. */
  void finish(Request r, String status, Instant at, ObjectNode model, String code, String message) {
    r.status = status;
    r.eventTime = at;
    r.model = model;
    r.errorCode = code;
    r.statusMessage = message;
    r.desired = null;
    r.patch = null;
    requests.finished(r);
    changed.run();
  }

  private void put(ResourceStore.Key key, ObjectNode model) {
    store.put(key, model);
    changed.run();
  }
}
