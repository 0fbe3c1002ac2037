// Runs one SQL query in an in-memory DuckDB and prints each result row as a JSON array, so the
// .NET tests can check files with a real query engine (e.g. join the Parquet file of each table
// of a multi-table output and count the orphans).
//
//   node query-duckdb.mjs "SELECT count(*) FROM read_parquet('orders.parquet')"
//
// Values: BIGINT as a decimal string, other numbers as JSON numbers, null as null, anything
// else as its text.

import { DuckDBInstance } from '@duckdb/node-api'

const sql = process.argv[2]
if (!sql) {
  console.error('usage: node query-duckdb.mjs SQL')
  process.exit(2)
}

function render(value) {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  return String(value)
}

const instance = await DuckDBInstance.create(':memory:')
const connection = await instance.connect()
try {
  const result = await connection.runAndReadAll(sql)
  const lines = result.getRows().map(row => JSON.stringify(row.map(render)))
  if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n')
} finally {
  connection.closeSync()
  instance.closeSync()
}
