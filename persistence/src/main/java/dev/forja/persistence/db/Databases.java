package dev.forja.persistence.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The databases open in this process, one per SQLite file or PostgreSQL URL, shared by the journal
 * and snapshot plugins (which Pekko instantiates by reflection from config) and the stores.
 */
public final class Databases {
  private Databases() {}

  /** Guarded by the class lock: open databases by where they live, with their handle count. */
  private static final Map<Key, Shared> OPEN = new HashMap<>();

  /**
   * The open database for {@code settings} (kind SQLITE or POSTGRESQL), opening and migrating it on
   * first use; each call must be paired with a {@link Database#close} of the handle it returns, and
   * the database closes when the last handle does.
   */
  public static Database acquire(StoreSettings settings) {
    Objects.requireNonNull(settings, "settings");
    Key key = keyOf(settings);
    synchronized (Databases.class) {
      Shared shared = OPEN.get(key);
      if (shared == null) {
        // Opening under the lock: a second caller for the same file must wait for this one
        // rather than open a second writer on it.
        shared = new Shared(key, open(settings));
        OPEN.put(key, shared);
      }
      shared.handles++;
      return new Handle(shared);
    }
  }

  private static Database open(StoreSettings settings) {
    return switch (settings.kind()) {
      case SQLITE -> new SqliteDatabase(Path.of(key(settings)));
      case POSTGRESQL -> new PostgresDatabase(settings);
      case MEMORY -> throw new IllegalArgumentException("the memory store has no database");
    };
  }

  private static void release(Shared shared) {
    synchronized (Databases.class) {
      shared.handles--;
      if (shared.handles == 0) {
        // Closed under the lock, so that a new acquire of the same file waits until the old
        // writer has drained and let go of it.
        OPEN.remove(shared.key);
        shared.database.close();
      }
    }
  }

  private static Key keyOf(StoreSettings settings) {
    return new Key(settings.kind(), key(settings));
  }

  /** The canonical SQLite path, or the PostgreSQL URL and user. */
  private static String key(StoreSettings settings) {
    switch (settings.kind()) {
      case SQLITE:
        Path file = settings.sqlitePath().toAbsolutePath().normalize();
        Path parent = file.getParent();
        if (parent == null) {
          return file.toString();
        }
        try {
          // Created here so that the real path (through symbolic links) names the key.
          Files.createDirectories(parent);
          return parent.toRealPath().resolve(file.getFileName()).toString();
        } catch (IOException e) {
          throw new DatabaseException("cannot create the folder of sqlite:" + file, e);
        }
      case POSTGRESQL:
        return settings.url() + " as " + settings.user();
      case MEMORY:
      default:
        throw new IllegalArgumentException(
            "the " + settings.kind() + " store has no database (forja.store)");
    }
  }

  private record Key(StoreSettings.Kind kind, String where) {}

  private static final class Shared {
    final Key key;
    final Database database;
    int handles; // guarded by the class lock

    Shared(Key key, Database database) {
      this.key = key;
      this.database = database;
    }
  }

  /** One caller's share of a database; closing it closes the database after the last share. */
  private static final class Handle implements Database {
    private final Shared shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    Handle(Shared shared) {
      this.shared = shared;
    }

    @Override
    public Dialect dialect() {
      return shared.database.dialect();
    }

    @Override
    public <T> CompletableFuture<T> write(SqlWork<T> work) {
      if (closed.get()) {
        return CompletableFuture.failedFuture(closedError("write"));
      }
      return shared.database.write(work);
    }

    @Override
    public <T> T writeAndWait(SqlWork<T> work) {
      if (closed.get()) {
        throw closedError("write");
      }
      return shared.database.writeAndWait(work);
    }

    @Override
    public <T> T read(SqlWork<T> work) {
      if (closed.get()) {
        throw closedError("read");
      }
      return shared.database.read(work);
    }

    @Override
    public String describe() {
      return shared.database.describe();
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(shared);
      }
    }

    @Override
    public String toString() {
      return describe();
    }

    private DatabaseException closedError(String operation) {
      return new DatabaseException(
          "this handle on " + describe() + " is closed; " + operation + " refused", null);
    }
  }
}
