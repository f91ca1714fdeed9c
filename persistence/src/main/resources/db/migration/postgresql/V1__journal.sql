-- Event journal and snapshots on PostgreSQL, for the stock pekko-persistence-jdbc plugin
-- (jdbc-journal, jdbc-snapshot-store, jdbc-read-journal, jdbc-durable-state-store).
-- Table and column names are the plugin's defaults: the plugin writes and reads them itself, so
-- a rename here needs the same rename in forja-postgresql.conf. Unqualified names: the tables go
-- to the schema Flyway migrates, which is the one the plugin's connections search.

-- One row per persisted event. "ordering" is the global insertion order that the read journal
-- pages by; (persistence_id, sequence_number) is the entity's own order.
CREATE TABLE event_journal (
  ordering           BIGSERIAL    NOT NULL,
  persistence_id     VARCHAR(255) NOT NULL,
  sequence_number    BIGINT       NOT NULL,
  deleted            BOOLEAN      NOT NULL DEFAULT FALSE,
  writer             VARCHAR(255) NOT NULL,
  write_timestamp    BIGINT,
  adapter_manifest   VARCHAR(255),
  -- The event, as bytes of the Pekko serializer named by id and manifest.
  event_ser_id       INTEGER      NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL,
  event_payload      BYTEA        NOT NULL,
  -- Optional event metadata, serialized the same way.
  meta_ser_id        INTEGER,
  meta_ser_manifest  VARCHAR(255),
  meta_payload       BYTEA,
  CONSTRAINT event_journal_pk PRIMARY KEY (persistence_id, sequence_number)
);

CREATE UNIQUE INDEX event_journal_ordering_idx ON event_journal (ordering);

-- Tags of events (events by tag queries); a tag row goes with its event.
CREATE TABLE event_tag (
  event_id BIGINT       NOT NULL,
  tag      VARCHAR(256) NOT NULL,
  CONSTRAINT event_tag_pk PRIMARY KEY (event_id, tag),
  CONSTRAINT event_tag_event_fk FOREIGN KEY (event_id)
    REFERENCES event_journal (ordering) ON DELETE CASCADE
);

-- Snapshots, several per entity; recovery starts from the newest one that fits.
CREATE TABLE snapshot (
  persistence_id        VARCHAR(255) NOT NULL,
  sequence_number       BIGINT       NOT NULL,
  created               BIGINT       NOT NULL,
  snapshot_ser_id       INTEGER      NOT NULL,
  snapshot_ser_manifest VARCHAR(255) NOT NULL,
  snapshot_payload      BYTEA        NOT NULL,
  meta_ser_id           INTEGER,
  meta_ser_manifest     VARCHAR(255),
  meta_payload          BYTEA,
  CONSTRAINT snapshot_pk PRIMARY KEY (persistence_id, sequence_number)
);

-- Durable state: the latest state of an entity and its revision. Forja's entities are event
-- sourced; the table exists so that the plugin's durable-state store works when configured.
CREATE TABLE durable_state (
  global_offset         BIGSERIAL    NOT NULL,
  persistence_id        VARCHAR(255) NOT NULL,
  revision              BIGINT       NOT NULL,
  state_payload         BYTEA        NOT NULL,
  state_serial_id       INTEGER      NOT NULL,
  state_serial_manifest VARCHAR(255),
  tag                   VARCHAR,
  state_timestamp       BIGINT       NOT NULL,
  CONSTRAINT durable_state_pk PRIMARY KEY (persistence_id)
);

-- Plain CREATE INDEX: Flyway runs this migration in a transaction, where CONCURRENTLY cannot
-- run, and the table is empty anyway.
CREATE INDEX durable_state_tag_idx ON durable_state (tag);
CREATE INDEX durable_state_global_offset_idx ON durable_state (global_offset);
