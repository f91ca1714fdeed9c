package dev.forja.persistence.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link JournalContract} against Pekko's in-memory journal, with events serialized as a real
 * journal must: a check of the suite itself, independent of Forja's plugins.
 */
class InmemJournalTest extends JournalContract {

  @Override
  protected Config pluginConfig() {
    return ConfigFactory.parseString(
        String.join(
            "\n",
            "pekko.persistence.journal.plugin = \"pekko.persistence.journal.inmem\"",
            "pekko.persistence.journal.inmem.test-serialization = on",
            "pekko.persistence.snapshot-store.plugin = \"\""));
  }

  @Override
  @Test
  @Disabled("the in-memory journal lives and dies with its actor system")
  void replaysAfterTheSystemRestartsOnTheSameStore() {}

  @Override
  @Test
  @Disabled("the in-memory journal fails the whole WriteMessages on an unserializable event")
  void rejectsAnEventThatCannotBeSerializedWithoutFailingTheOthers() {}

  @Override
  @Test
  @Disabled("the in-memory journal fails the whole WriteMessages on an unserializable event")
  void rejectsAWholeAtomicWriteWhenOneOfItsEventsCannotBeSerialized() {}
}
