-- Forja's SQLite journal and snapshot store (dev.forja.persistence.journal). Events and snapshots
-- are stored as bytes of Pekko serialization: serializer id plus serializer manifest.

CREATE TABLE event_journal (
  persistence_id   TEXT    NOT NULL,
  sequence_nr      INTEGER NOT NULL,
  -- 1 once deleted by deleteMessagesTo. Deleted events are removed, except the highest of each
  -- persistence id, which stays (marked) so that the highest sequence number never goes back.
  deleted          INTEGER NOT NULL DEFAULT 0,
  writer_uuid      TEXT    NOT NULL,
  write_timestamp  INTEGER NOT NULL,
  -- The event adapter's manifest (PersistentRepr.manifest), empty without an adapter.
  adapter_manifest TEXT    NOT NULL DEFAULT '',
  serializer_id    INTEGER NOT NULL,
  ser_manifest     TEXT    NOT NULL,
  payload          BLOB    NOT NULL,
  PRIMARY KEY (persistence_id, sequence_nr)
);

CREATE TABLE snapshot (
  persistence_id TEXT    NOT NULL,
  sequence_nr    INTEGER NOT NULL,
  created        INTEGER NOT NULL,
  serializer_id  INTEGER NOT NULL,
  ser_manifest   TEXT    NOT NULL,
  payload        BLOB    NOT NULL,
  PRIMARY KEY (persistence_id, sequence_nr)
);
