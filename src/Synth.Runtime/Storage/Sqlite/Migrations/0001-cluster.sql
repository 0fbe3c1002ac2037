-- 0001-cluster: the embedded cluster store (SQLite), the same logical tables as PostgreSQL.
--
-- Contract
--   * Every write is one BEGIN IMMEDIATE transaction: SQLite's single write lock orders all
--     writers (threads, stores, processes); readers run concurrently on WAL snapshots and
--     only ever see committed transactions.
--   * Times are Unix milliseconds from the store's one clock. Grain ids are "type/key".
--   * silos: a row per silo ever registered; status goes active -> stopped | dead, and back
--     to active only when the silo registers again.
--   * grain_leases: at most one owner per grain. A lease is taken only when there is none or
--     its owner is not active, and the epoch then grows by one. A released lease keeps its
--     row with silo_id NULL, so an epoch is never handed out twice for the same grain.
--   * grain_sequences: the next inbox sequence of each grain, bumped in the enqueue's
--     transaction: per grain, sequences start at 1 with no gaps and no duplicates.
--   * grain_inbox: accepted calls. call_id makes enqueueing idempotent. done turns 1 in the
--     transaction that stores the reply and the call's state write, and only then.
--   * grain_replies: one row per completed call, written once, never changed.
--   * grain_state: written only while the writer's lease epoch is current and its ETag
--     matches; epoch is the epoch of the last writer.
--   * stream_sequences / stream_events: append-only; per stream, seq starts at 1 with no gaps.
--   * reminders: claiming moves due_at forward by whole periods past now, in the claiming
--     transaction, so each tick is claimed once.

CREATE TABLE silos (
    silo_id      TEXT    NOT NULL PRIMARY KEY,
    name         TEXT    NOT NULL,
    address      TEXT    NOT NULL,
    tags         TEXT    NOT NULL,                      -- JSON array of strings
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('active', 'stopped', 'dead')),
    activations  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE INDEX silos_active_by_heartbeat ON silos (heartbeat_at) WHERE status = 'active';

CREATE TABLE grain_leases (
    grain_id    TEXT    NOT NULL PRIMARY KEY,
    silo_id     TEXT,                                   -- NULL: released (the epoch is kept)
    epoch       INTEGER NOT NULL CHECK (epoch >= 1),
    acquired_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX grain_leases_by_silo ON grain_leases (silo_id) WHERE silo_id IS NOT NULL;

CREATE TABLE grain_sequences (
    grain_id TEXT    NOT NULL PRIMARY KEY,
    next_seq INTEGER NOT NULL CHECK (next_seq >= 2)     -- the sequence after the last one given
) WITHOUT ROWID;

CREATE TABLE grain_inbox (
    grain_id      TEXT    NOT NULL REFERENCES grain_sequences (grain_id),
    seq           INTEGER NOT NULL,
    call_id       BLOB    NOT NULL UNIQUE,
    method        TEXT    NOT NULL,
    arguments     BLOB    NOT NULL,
    reply_to      TEXT,
    required_tags TEXT    NOT NULL,                     -- JSON array of strings
    deadline      INTEGER NOT NULL,
    enqueued_at   INTEGER NOT NULL,
    done          INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    PRIMARY KEY (grain_id, seq)
);

CREATE INDEX grain_inbox_pending ON grain_inbox (grain_id, seq) WHERE done = 0;

CREATE TABLE grain_replies (
    call_id       BLOB    NOT NULL PRIMARY KEY,
    grain_id      TEXT    NOT NULL,
    succeeded     INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
    result        BLOB,
    error_type    TEXT,
    error_message TEXT,
    created_at    INTEGER NOT NULL
);

CREATE TABLE grain_state (
    grain_id   TEXT    NOT NULL PRIMARY KEY,
    data       BLOB    NOT NULL,
    etag       TEXT    NOT NULL,
    epoch      INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE stream_sequences (
    stream_id TEXT    NOT NULL PRIMARY KEY,
    next_seq  INTEGER NOT NULL CHECK (next_seq >= 2)
) WITHOUT ROWID;

CREATE TABLE stream_events (
    stream_id TEXT    NOT NULL REFERENCES stream_sequences (stream_id),
    seq       INTEGER NOT NULL,
    payload   BLOB    NOT NULL,
    at        INTEGER NOT NULL,
    PRIMARY KEY (stream_id, seq)
);

CREATE TABLE reminders (
    grain_id  TEXT    NOT NULL,
    name      TEXT    NOT NULL,
    period_ms INTEGER NOT NULL CHECK (period_ms > 0),
    due_at    INTEGER NOT NULL,
    PRIMARY KEY (grain_id, name)
) WITHOUT ROWID;

CREATE INDEX reminders_by_due ON reminders (due_at);
