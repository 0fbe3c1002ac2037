-- Migration 0003: grain state (Microsoft.Orleans.Persistence.AdoNet, invariant "Npgsql").
--
-- Table orleans_storage: one row per (service, grain type, grain id) holding the state as the
-- bytes of the provider's configured serializer, and an integer version that is the ETag.
-- Guarantees
--   * A write or a clear changes the row only when the caller's ETag (@GrainStateVersion) is the
--     stored version, and then increments it; a first write (no ETag) inserts version 1 only when
--     no row exists. Otherwise nothing changes and the statement returns no row, which Orleans
--     turns into InconsistentStateException. So of concurrent writers holding the same ETag exactly
--     one wins, and a stale activation (e.g. on a silo resumed after SIGSTOP) can never overwrite
--     newer state.
--   * A clear keeps the row with a NULL payload and a new version (so a later write with that ETag
--     succeeds); the delete variant (DeleteStateOnClear) removes it.
-- Concurrency: any statement may run concurrently with any other; the unique key orders inserts
-- and the row lock orders updates. The grain id's string part is NULL for integer and Guid keys
-- without extension, hence NULLS NOT DISTINCT (PostgreSQL 15 or later).
-- The hashes come from the provider's hasher and only make the index narrow; equality on the full
-- key decides.
CREATE TABLE orleans_storage
(
    service_id          varchar(150)  NOT NULL,
    grain_type_hash     integer       NOT NULL,
    grain_id_hash       integer       NOT NULL,
    grain_id_n0         bigint        NOT NULL,
    grain_id_n1         bigint        NOT NULL,
    grain_type          varchar(512)  NOT NULL,
    grain_id_extension  varchar(512)  NULL,
    payload             bytea         NULL,
    version             integer       NOT NULL,
    modified_at         timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT orleans_storage_key UNIQUE NULLS NOT DISTINCT
        (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_storage
WHERE service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
$q$),
-- One of the two branches runs: an update when the caller holds an ETag, an insert when not.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE orleans_storage
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE @GrainStateVersion IS NOT NULL AND version = @GrainStateVersion
      AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
      AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
    RETURNING version
), inserted AS (
    INSERT INTO orleans_storage
        (service_id, grain_type_hash, grain_id_hash, grain_id_n0, grain_id_n1, grain_type, grain_id_extension, payload, version)
    SELECT @ServiceId, @GrainTypeHash, @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeString, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT ON CONSTRAINT orleans_storage_key DO NOTHING
    RETURNING version
)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$q$),
('ClearStorageKey', $q$
UPDATE orleans_storage
SET payload = NULL, version = version + 1, modified_at = now()
WHERE version = @GrainStateVersion
  AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
RETURNING version AS "NewGrainStateVersion"
$q$),
-- Returns the deleted version + 1 so that Orleans sees a version different from the ETag it sent.
('DeleteStorageKey', $q$
DELETE FROM orleans_storage
WHERE version = @GrainStateVersion
  AND service_id = @ServiceId AND grain_type_hash = @GrainTypeHash AND grain_id_hash = @GrainIdHash
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1 AND grain_type = @GrainTypeString
  AND grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
RETURNING version + 1 AS "NewGrainStateVersion"
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
