package dev.forja.plugin.sim.cloud;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Every operation received, the most recent {@value SimCloud#OPLOG_LIMIT}. Not thread-safe: only
 * called under the lock of the {@link SimCloud} that holds it.
 */
final class OpLog {
  private final ArrayDeque<OpLogEntry> entries = new ArrayDeque<>();

  void log(OpLogEntry e) {
    if (entries.size() >= SimCloud.OPLOG_LIMIT) {
      entries.removeFirst();
    }
    entries.addLast(e);
  }

  static OpLogEntry withIdentifier(OpLogEntry e, String identifier) {
    return new OpLogEntry(e.op(), e.typeName(), identifier, e.clientToken(), e.ts());
  }

  List<OpLogEntry> snapshot() {
    return new ArrayList<>(entries);
  }

  void clear() {
    entries.clear();
  }
}
