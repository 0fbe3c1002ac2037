-- Migration 0001: the table of the statements Orleans' ADO.NET providers run.
--
-- Contract: at start-up each provider runs exactly `SELECT QueryKey, QueryText FROM OrleansQuery`
-- and from then on issues only the statements stored here, binding parameters by name (@Name,
-- with the .NET type of the value) and reading result columns by name (case-insensitively).
-- PostgreSQL folds the unquoted names, so the table is orleansquery(querykey, querytext).
-- Later migrations add or replace rows (upsert by key); a replacement must keep every parameter
-- and result-column name of the row it replaces. Providers cache the texts when they start: a
-- changed text takes effect on the next start of each silo.
CREATE TABLE orleansquery
(
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);
