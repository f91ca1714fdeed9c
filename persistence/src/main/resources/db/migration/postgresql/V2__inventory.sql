-- The inventory (resources, targets) and the command read model, on PostgreSQL.
--
-- Text keys use the "C" collation: code-point order, the order Forja sorts in whatever the
-- database's locale, and B-tree indexes that serve LIKE 'prefix%' patterns. JSON is kept in json
-- columns (text as written, validated), not jsonb, so a row reads back exactly as stored: jsonb
-- would rewrite numbers such as 1.0E20. created_at and updated_at come from the database clock.

CREATE TABLE resources (
  ksuid                text COLLATE "C" NOT NULL PRIMARY KEY,
  stack                text COLLATE "C" NOT NULL,
  label                text COLLATE "C" NOT NULL,
  type                 text COLLATE "C" NOT NULL,
  target               text COLLATE "C" NOT NULL,
  native_id            text,
  managed              boolean          NOT NULL,
  properties           json             NOT NULL,
  read_only_properties json             NOT NULL,
  created_at           timestamptz      NOT NULL,
  updated_at           timestamptz      NOT NULL,
  -- One resource per stack and label, as the planner knows it; also serves stack queries and the
  -- stack-then-label order of every listing.
  CONSTRAINT resources_stack_label_key UNIQUE (stack, label)
);

-- One index per query field (stack is served by the unique key above).
CREATE INDEX resources_label_idx ON resources (label);
CREATE INDEX resources_type_idx ON resources (type);
CREATE INDEX resources_target_idx ON resources (target);
CREATE INDEX resources_managed_idx ON resources (managed);

CREATE TABLE targets (
  label        text COLLATE "C" NOT NULL PRIMARY KEY,
  namespace    text             NOT NULL,
  config       json             NOT NULL,
  discoverable boolean          NOT NULL,
  created_at   timestamptz      NOT NULL,
  updated_at   timestamptz      NOT NULL
);

-- Each command as of its last state change, for listing and status without replaying a journal.
-- The document column holds the whole (redacted) command as JSON; the other columns summarize it
-- for listing and filtering.
CREATE TABLE commands (
  command_id        text COLLATE "C" NOT NULL PRIMARY KEY,
  kind              text             NOT NULL,
  mode              text             NOT NULL,
  state             text             NOT NULL,
  started_at        timestamptz,
  ended_at          timestamptz,
  update_count      integer          NOT NULL,
  not_started_count integer          NOT NULL,
  pending_count     integer          NOT NULL,
  in_progress_count integer          NOT NULL,
  success_count     integer          NOT NULL,
  failed_count      integer          NOT NULL,
  rejected_count    integer          NOT NULL,
  canceled_count    integer          NOT NULL,
  document          json             NOT NULL,
  created_at        timestamptz      NOT NULL,
  updated_at        timestamptz      NOT NULL
);

-- Newest first: latest start (a command without one last), then the greater id.
CREATE INDEX commands_recent_idx ON commands (started_at DESC NULLS LAST, command_id DESC);
CREATE INDEX commands_state_idx ON commands (state);
