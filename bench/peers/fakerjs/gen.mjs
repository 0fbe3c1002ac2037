// Peer for `bench/run engine`: the seed example with @faker-js/faker, written the way its docs show.
// Usage: node gen.mjs ROWS OUT
// Writes ROWS rows as CSV (header + rows) to OUT and prints one JSON line:
// {"peer":"faker-js","rows":N,"seconds":S,"rows_per_sec":R}. Single-threaded, seed 42.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { faker } from '@faker-js/faker';

const [rowsArg, out] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!out || !Number.isSafeInteger(rows) || rows <= 0) {
  console.error('usage: node gen.mjs ROWS OUT   (ROWS: positive integer; OUT: CSV file path)');
  process.exit(2);
}

const from = new Date('2020-01-01T00:00:00Z');
const to = new Date('2023-12-31T23:59:59Z');
const statuses = [
  { weight: 7, value: 'active' },
  { weight: 2, value: 'inactive' },
  { weight: 1, value: 'pending' },
];

// faker-js has no normal distribution: Box-Muller on faker's own seeded generator.
function gaussian(mean, std) {
  const u1 = 1 - faker.number.float(); // (0, 1]: log(0) never happens
  const u2 = faker.number.float();
  return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const started = process.hrtime.bigint();
faker.seed(42);

const stream = createWriteStream(out, { highWaterMark: 1 << 20 });
stream.write('id,name,email,income,created_at,status\n');

const batchRows = 4096;
for (let done = 0; done < rows; ) {
  const n = Math.min(batchRows, rows - done);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const name = faker.person.fullName({ firstName, lastName });
    const email = faker.internet.email({ firstName, lastName });
    const id = faker.number.int({ min: 1000, max: 9999 });
    const income = Math.max(0, gaussian(50000, 20000));
    const createdAt = faker.date.between({ from, to }).toISOString().slice(0, 19);
    const status = faker.helpers.weightedArrayElement(statuses);
    chunk += `${id},${csvField(name)},${csvField(email)},${income.toFixed(2)},${createdAt},${status}\n`;
  }
  done += n;
  if (!stream.write(chunk)) await once(stream, 'drain');
}
stream.end();
await once(stream, 'finish');

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({
  peer: 'faker-js',
  rows,
  seconds: Number(seconds.toFixed(3)),
  rows_per_sec: Math.round(rows / seconds),
}));
