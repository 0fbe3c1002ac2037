// Reads a Parquet file with an independent reader and prints it as JSON Lines, so the .NET
// tests can compare what Synth wrote with what real readers see.
//
//   node read-parquet.mjs FILE [--reader duckdb|hyparquet] [--mode rows|describe|metadata]
//
// rows (default): one JSON array per row, columns in file order, rendered the same way by
//   both readers: BIGINT as a decimal string, DOUBLE as a JSON number ("NaN", "Infinity",
//   "-Infinity", "-0" as strings), timestamps as microseconds since the epoch (decimal
//   string), dates as yyyy-mm-dd, UUIDs as lowercase strings, null as null.
// describe: DuckDB's DESCRIBE, one {"name","type"} per column.
// metadata: DuckDB's parquet_metadata() with the file's parquet_file_metadata(), one object
//   per column chunk, every value a string or null.

import { DuckDBInstance, DuckDBDateValue, DuckDBTimestampTZValue, DuckDBUUIDValue } from '@duckdb/node-api'
import { asyncBufferFromFile, parquetRead } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'

const args = process.argv.slice(2)
let file
let reader = 'duckdb'
let mode = 'rows'
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--reader') reader = args[++i]
  else if (args[i] === '--mode') mode = args[++i]
  else file = args[i]
}
if (!file || !['duckdb', 'hyparquet'].includes(reader) || !['rows', 'describe', 'metadata'].includes(mode)) {
  console.error('usage: node read-parquet.mjs FILE [--reader duckdb|hyparquet] [--mode rows|describe|metadata]')
  process.exit(2)
}

// A consumer that stops reading early (e.g. `| head`) is not an error.
process.stdout.on('error', error => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})

const DAY_MS = 86_400_000

function formatDays(days) {
  return new Date(days * DAY_MS).toISOString().slice(0, 10)
}

function render(value) {
  if (value === null || value === undefined) return null
  switch (typeof value) {
    case 'bigint': return value.toString()
    case 'number':
      if (Number.isNaN(value)) return 'NaN'
      if (value === Infinity) return 'Infinity'
      if (value === -Infinity) return '-Infinity'
      if (Object.is(value, -0)) return '-0'
      return value
    case 'boolean':
    case 'string':
      return value
  }
  if (value instanceof DuckDBTimestampTZValue) return value.micros.toString()
  if (value instanceof DuckDBDateValue) return formatDays(value.days)
  if (value instanceof DuckDBUUIDValue) return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  if (Array.isArray(value)) return value.map(render)
  if (typeof value.toString === 'function') return value.toString()
  return String(value)
}

// Writes lines in large slices; the process then ends on its own, which flushes the pipe.
const pending = []
let pendingLength = 0
function emit(object) {
  const line = JSON.stringify(object)
  pending.push(line)
  pendingLength += line.length
  if (pendingLength > 1 << 20) flush()
}
function flush() {
  if (pending.length > 0) process.stdout.write(pending.join('\n') + '\n')
  pending.length = 0
  pendingLength = 0
}

function sqlString(text) {
  return `'${text.replaceAll("'", "''")}'`
}

async function withDuckDb(action) {
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    await action(connection)
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

async function duckDbRows() {
  await withDuckDb(async connection => {
    const sql = `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${sqlString(file)}, file_row_number = true) ORDER BY file_row_number`
    const result = await connection.stream(sql)
    for await (const rows of result.yieldRows()) {
      for (const row of rows) emit(row.map(render))
    }
  })
}

async function duckDbDescribe() {
  await withDuckDb(async connection => {
    const result = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`)
    for (const row of result.getRowObjects()) emit({ name: row.column_name, type: row.column_type })
  })
}

async function duckDbMetadata() {
  await withDuckDb(async connection => {
    const result = await connection.runAndReadAll(
      `SELECT m.row_group_id, m.row_group_num_rows, m.column_id, m.path_in_schema, m.type, m.num_values,
              m.compression, m.encodings, m.stats_min_value, m.stats_max_value, m.stats_null_count,
              m.dictionary_page_offset, m.data_page_offset, m.total_compressed_size, m.total_uncompressed_size,
              f.created_by, f.num_rows AS file_num_rows, f.num_row_groups
       FROM parquet_metadata(${sqlString(file)}) m, parquet_file_metadata(${sqlString(file)}) f
       ORDER BY m.row_group_id, m.column_id`)
    for (const row of result.getRowObjects()) {
      const out = {}
      for (const [key, value] of Object.entries(row)) {
        const rendered = render(value)
        out[key] = rendered === null ? null : String(rendered)
      }
      emit(out)
    }
  })
}

async function hyparquetRows() {
  const buffer = await asyncBufferFromFile(file)
  const parsers = {
    timestampFromMicroseconds: micros => micros.toString(),
    dateFromDays: days => formatDays(days),
  }
  await parquetRead({
    file: buffer,
    compressors,
    parsers,
    rowFormat: 'array',
    onComplete: rows => {
      for (const row of rows) emit(row.map(render))
    },
  })
}

try {
  if (mode === 'describe') await duckDbDescribe()
  else if (mode === 'metadata') await duckDbMetadata()
  else if (reader === 'duckdb') await duckDbRows()
  else await hyparquetRows()
  flush()
} catch (error) {
  flush()
  console.error(error?.stack ?? String(error))
  process.exitCode = 1
}
