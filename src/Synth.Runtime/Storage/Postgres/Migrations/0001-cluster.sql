-- 0001-cluster: the cluster tables of Synth's grain runtime (PostgreSQL). Contract: IClusterStore.
--
-- What each table guarantees
--   * All times come from this server's clock (now(), clock_timestamp()), never a silo's.
--     Grain ids are "type/key".
--   * silos: a row per silo ever registered. status goes active -> dead (a peer saw its
--     heartbeat older than the death timeout: one conditional UPDATE) or active -> stopped
--     (graceful), and back to active only when the silo registers again; a silo coming back
--     from dead or stopped holds no lease.
--   * grain_leases: at most one owner per grain, with an epoch (the fencing token). A lease is
--     taken only when there is none or its owner is not an active silo, and the epoch then grows
--     by one. A released lease keeps its row with silo_id NULL, so the epoch never goes back and
--     a (grain, silo, epoch) triple is never handed out twice.
--   * grain_sequences: the next inbox sequence of each grain, bumped in the enqueue's
--     transaction: per grain, sequences start at 1 with no gaps and no duplicates.
--   * grain_inbox: accepted calls. call_id makes enqueueing idempotent. done turns true in the
--     transaction that stores the reply and the call's state write, and only then.
--   * grain_replies: at most one reply per call, written once, never changed.
--   * grain_state: written only by the holder of the current lease epoch (checked under a lock
--     on the lease row in the same transaction) with the current ETag; epoch is the writer's.
--   * stream_sequences / stream_events: append-only; per stream, seq starts at 1 with no gaps.
--   * reminders: claiming moves due_at forward by whole periods past now() in the claiming
--     statement, so every tick is claimed once.
--
-- Which statements may run concurrently: all of them, from any number of silos.
--   * Taking a lease is one INSERT … ON CONFLICT DO UPDATE: racers serialise on the lease row.
--   * Completions and fenced state writes lock the lease row (FOR SHARE), then the reply key,
--     the inbox row and the state row, always in that order, so they cannot deadlock; a takeover
--     waits for them, and they fail after it. A second completion of a call waits on the reply
--     key for the first, then does nothing.
--   * Enqueues and appends serialise only on their grain's or stream's counter row.
--   * Reminder claims take due rows with FOR UPDATE SKIP LOCKED: claimers neither wait for
--     nor duplicate each other.
--   * Migrations run in one transaction under pg_advisory_xact_lock, so silos starting together
--     apply each version once.

CREATE TABLE silos (
    silo_id      text        PRIMARY KEY,
    name         text        NOT NULL,
    address      text        NOT NULL,
    tags         text[]      NOT NULL DEFAULT '{}',
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    status       text        NOT NULL CHECK (status IN ('active', 'stopped', 'dead')),
    activations  integer     NOT NULL DEFAULT 0
);

CREATE INDEX silos_active_by_heartbeat ON silos (heartbeat_at) WHERE status = 'active';

CREATE TABLE grain_leases (
    grain_id    text        PRIMARY KEY,
    silo_id     text,                                   -- NULL: released (the epoch is kept)
    epoch       bigint      NOT NULL CHECK (epoch >= 1),
    acquired_at timestamptz NOT NULL
);

CREATE INDEX grain_leases_by_silo ON grain_leases (silo_id) WHERE silo_id IS NOT NULL;

CREATE TABLE grain_sequences (
    grain_id text   PRIMARY KEY,
    next_seq bigint NOT NULL CHECK (next_seq >= 2)      -- the sequence after the last one given
);

CREATE TABLE grain_inbox (
    call_id       uuid        PRIMARY KEY,
    grain_id      text        NOT NULL,
    seq           bigint      NOT NULL,
    method        text        NOT NULL,
    arguments     bytea       NOT NULL,
    reply_to      text,
    required_tags text[]      NOT NULL DEFAULT '{}',
    deadline      timestamptz NOT NULL,
    enqueued_at   timestamptz NOT NULL DEFAULT now(),
    done          boolean     NOT NULL DEFAULT false,
    UNIQUE (grain_id, seq)
);

CREATE INDEX grain_inbox_pending ON grain_inbox (grain_id, seq) WHERE NOT done;

CREATE TABLE grain_replies (
    call_id       uuid        PRIMARY KEY,
    grain_id      text        NOT NULL,
    succeeded     boolean     NOT NULL,
    result        bytea,
    error_type    text,
    error_message text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE grain_state (
    grain_id   text        PRIMARY KEY,
    data       bytea       NOT NULL,
    etag       text        NOT NULL,
    epoch      bigint      NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE stream_sequences (
    stream_id text   PRIMARY KEY,
    next_seq  bigint NOT NULL CHECK (next_seq >= 2)
);

CREATE TABLE stream_events (
    stream_id text        NOT NULL,
    seq       bigint      NOT NULL,
    payload   bytea       NOT NULL,
    at        timestamptz NOT NULL,
    PRIMARY KEY (stream_id, seq)
);

CREATE TABLE reminders (
    grain_id text        NOT NULL,
    name     text        NOT NULL,
    period   interval    NOT NULL CHECK (period > interval '0'),
    due_at   timestamptz NOT NULL,
    PRIMARY KEY (grain_id, name)
);

CREATE INDEX reminders_by_due ON reminders (due_at);
