-- The inventory (resources, targets) and the command read model, on SQLite.
--
-- Text keys use SQLite's default BINARY collation: code-point order, the order Forja sorts in,
-- and case-sensitive GLOB matching, which query wildcards use. JSON is kept as text, exactly as
-- written, so a row reads back equal to what was stored. Timestamps are INTEGER microseconds since
-- the Unix epoch (UTC); created_at and updated_at come from the database clock.

CREATE TABLE resources (
  ksuid                TEXT    NOT NULL PRIMARY KEY,
  stack                TEXT    NOT NULL,
  label                TEXT    NOT NULL,
  type                 TEXT    NOT NULL,
  target               TEXT    NOT NULL,
  native_id            TEXT,
  managed              INTEGER NOT NULL CHECK (managed IN (0, 1)),
  properties           TEXT    NOT NULL CHECK (json_valid(properties)),
  read_only_properties TEXT    NOT NULL CHECK (json_valid(read_only_properties)),
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  -- One resource per stack and label, as the planner knows it; also serves stack queries and the
  -- stack-then-label order of every listing.
  CONSTRAINT resources_stack_label_key UNIQUE (stack, label)
) STRICT;

-- One index per query field (stack is served by the unique key above).
CREATE INDEX resources_label_idx ON resources (label);
CREATE INDEX resources_type_idx ON resources (type);
CREATE INDEX resources_target_idx ON resources (target);
CREATE INDEX resources_managed_idx ON resources (managed);

CREATE TABLE targets (
  label        TEXT    NOT NULL PRIMARY KEY,
  namespace    TEXT    NOT NULL,
  config       TEXT    NOT NULL CHECK (json_valid(config)),
  discoverable INTEGER NOT NULL CHECK (discoverable IN (0, 1)),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

-- Each command as of its last state change, for listing and status without replaying a journal.
-- The document column holds the whole (redacted) command as JSON; the other columns summarize it
-- for listing and filtering.
CREATE TABLE commands (
  command_id        TEXT    NOT NULL PRIMARY KEY,
  kind              TEXT    NOT NULL,
  mode              TEXT    NOT NULL,
  state             TEXT    NOT NULL,
  started_at        INTEGER,
  ended_at          INTEGER,
  update_count      INTEGER NOT NULL,
  not_started_count INTEGER NOT NULL,
  pending_count     INTEGER NOT NULL,
  in_progress_count INTEGER NOT NULL,
  success_count     INTEGER NOT NULL,
  failed_count      INTEGER NOT NULL,
  rejected_count    INTEGER NOT NULL,
  canceled_count    INTEGER NOT NULL,
  document          TEXT    NOT NULL CHECK (json_valid(document)),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
) STRICT;

-- Newest first: latest start (a command without one last), then the greater id. SQLite sorts NULL
-- lowest, so a descending index already holds NULLs last (and refuses NULLS LAST in its definition).
CREATE INDEX commands_recent_idx ON commands (started_at DESC, command_id DESC);
CREATE INDEX commands_state_idx ON commands (state);
