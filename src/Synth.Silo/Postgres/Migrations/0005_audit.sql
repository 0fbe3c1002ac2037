-- Migration 0005: the audit log (IAuditStore, PostgresAuditStore).
--
-- Contract: append-only. Writers (the API and every silo, concurrently) only INSERT (binary COPY,
-- one transaction per batch); readers (GET /audit, its JSONL export) only SELECT, by id (the paging
-- cursor), actor, action, resource and time. Ids come from an identity: they only grow, though two
-- writers' batches may commit out of id order. No statement may change or remove an event: the
-- triggers below refuse UPDATE, DELETE and TRUNCATE for every role that is not the table's owner
-- disabling them on purpose (keeping events forever is the point; archive by copying).
CREATE TABLE synth_audit
(
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       timestamptz  NOT NULL,
    actor    varchar(500) NOT NULL,
    role     varchar(500),
    action   varchar(500) NOT NULL,
    resource varchar(500),
    outcome  varchar(500) NOT NULL,
    address  varchar(500),
    detail   varchar(500)
);
CREATE INDEX synth_audit_actor ON synth_audit (actor, id);
CREATE INDEX synth_audit_action ON synth_audit (action, id);
CREATE INDEX synth_audit_resource ON synth_audit (resource, id);
CREATE INDEX synth_audit_at ON synth_audit (at);

CREATE FUNCTION synth_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'synth_audit is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER synth_audit_no_change BEFORE UPDATE OR DELETE ON synth_audit
    FOR EACH ROW EXECUTE FUNCTION synth_audit_refuse_change();
CREATE TRIGGER synth_audit_no_truncate BEFORE TRUNCATE ON synth_audit
    FOR EACH STATEMENT EXECUTE FUNCTION synth_audit_refuse_change();
