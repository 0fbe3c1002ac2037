-- A call's enqueueing and its completion, each as one statement: one round trip, and the store
-- can send many in one batch (one transaction, one commit for many calls; see GroupCommit.cs).

-- synth_enqueue_call: stores a call in its grain's inbox and returns its sequence; a call stored
-- before returns its first sequence. The counter row serialises enqueuers of one grain. With a
-- p_ring channel, rings it (delivered at commit: never for a call not stored) with InboxBell's
-- payload: '#seq|' || p_ring_body for a new call when C# could encode it, else the grain id (a
-- call stored before may be done already: its silo must not be handed it again).
-- Two copies of one call racing in at once: the loser raises SQLSTATE SY001, which rolls back its
-- counter bump (no sequence is skipped); run again, it finds the winner's row.
CREATE FUNCTION synth_enqueue_call(
    p_grain text, p_call uuid, p_method text, p_arguments bytea, p_reply_to text,
    p_tags text[], p_deadline timestamptz, p_ring text, p_ring_body text)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_seq bigint;
    v_bell text := p_grain;
BEGIN
    SELECT seq INTO v_seq FROM grain_inbox WHERE call_id = p_call;
    IF NOT FOUND THEN
        INSERT INTO grain_sequences AS s (grain_id, next_seq) VALUES (p_grain, 2)
        ON CONFLICT (grain_id) DO UPDATE SET next_seq = s.next_seq + 1
        RETURNING next_seq - 1 INTO v_seq;
        INSERT INTO grain_inbox (call_id, grain_id, seq, method, arguments, reply_to, required_tags, deadline)
        VALUES (p_call, p_grain, v_seq, p_method, p_arguments, p_reply_to, p_tags, p_deadline)
        ON CONFLICT (call_id) DO NOTHING;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'call % was stored concurrently', p_call USING ERRCODE = 'SY001';
        END IF;
        IF p_ring_body IS NOT NULL THEN
            v_bell := '#' || v_seq || '|' || p_ring_body;
        END IF;
    END IF;
    IF p_ring IS NOT NULL THEN
        PERFORM pg_notify(p_ring, v_bell);
    END IF;
    RETURN v_seq;
END
$$;

-- synth_complete_call: a call's completion.
-- Same checks and lock order as before (lease row, reply key, inbox row, state row):
--   returns 0  completed: reply stored, call marked done, caller rung (delivered at commit);
--           1  fenced: the lease is not (p_silo, p_epoch); nothing changed;
--           2  completed before: the first reply and its state write stand; nothing changed.
-- A refused state write (stale ETag or a later epoch wrote) raises SQLSTATE SY409, which rolls
-- back the whole transaction: a batch fails as one, and the store retries its calls one by one.
CREATE FUNCTION synth_complete_call(
    p_grain text, p_silo text, p_epoch bigint, p_call uuid,
    p_succeeded boolean, p_result bytea, p_error_type text, p_error_message text, p_bell text,
    p_has_state boolean, p_data bytea, p_expected_etag text, p_new_etag text)
RETURNS integer
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM grain_leases WHERE grain_id = p_grain AND silo_id = p_silo AND epoch = p_epoch FOR SHARE;
    IF NOT FOUND THEN
        RETURN 1;
    END IF;

    INSERT INTO grain_replies (call_id, grain_id, succeeded, result, error_type, error_message)
    VALUES (p_call, p_grain, p_succeeded, p_result, p_error_type, p_error_message)
    ON CONFLICT (call_id) DO NOTHING;
    IF NOT FOUND THEN
        RETURN 2;
    END IF;

    UPDATE grain_inbox SET done = true WHERE call_id = p_call AND grain_id = p_grain AND NOT done;
    PERFORM pg_notify(reply_to, p_bell) FROM grain_inbox WHERE call_id = p_call AND reply_to IS NOT NULL;

    IF p_has_state THEN
        IF p_expected_etag IS NULL THEN
            INSERT INTO grain_state (grain_id, data, etag, epoch, updated_at)
            VALUES (p_grain, p_data, p_new_etag, p_epoch, now())
            ON CONFLICT (grain_id) DO NOTHING;
        ELSE
            UPDATE grain_state SET data = p_data, etag = p_new_etag, epoch = p_epoch, updated_at = now()
            WHERE grain_id = p_grain AND etag = p_expected_etag AND epoch <= p_epoch;
        END IF;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'state write of % refused', p_grain USING ERRCODE = 'SY409';
        END IF;
    END IF;
    RETURN 0;
END
$$;
