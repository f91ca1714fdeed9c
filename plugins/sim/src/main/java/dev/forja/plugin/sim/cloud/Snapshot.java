package dev.forja.plugin.sim.cloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Between a cloud's resources and requests and its {@link StateFile}. Only called under the lock of
 * the {@link SimCloud} that holds them, or before it is published.
 */
final class Snapshot {
  private Snapshot() {}

  /**
   * The state as a file keeps it; models are never changed once stored, so it may be written later.
   */
  static StateFile take(ResourceStore store, Requests requests) {
    List<StateFile.StoredResource> res = new ArrayList<>();
    for (ResourceStore.Res r : store.all()) {
      res.add(new StateFile.StoredResource(r.key().type(), r.key().id(), r.model()));
    }
    List<StateFile.StoredRequest> reqs = new ArrayList<>(requests.inOrder().size());
    requests.inOrder().forEach(r -> reqs.add(r.stored()));
    return new StateFile(StateFile.VERSION, requests.seq(), res, reqs);
  }

  /**
   * Loads {@code stateFile} if it exists, skipping resources of types the catalogue no longer has;
   * {@code changed} is told of every resource stored.
   */
  static void restore(
      Path stateFile,
      Catalogue catalogue,
      ResourceStore store,
      Requests requests,
      Runnable changed) {
    StateFile f;
    try {
      f = StateFile.read(stateFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simulator state " + stateFile, e);
    }
    if (f == null) {
      return;
    }
    requests.restoreSeq(f.seq());
    for (StateFile.StoredResource r : f.resources()) {
      if (catalogue.type(r.typeName()) != null) {
        store.put(new ResourceStore.Key(r.typeName(), r.identifier()), r.properties());
        changed.run();
      }
    }
    for (StateFile.StoredRequest s : f.requests()) {
      requests.add(Request.restored(s));
    }
  }
}
