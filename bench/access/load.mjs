// Sends N GET requests to one URL with C in flight at a time (keep-alive, Node's fetch) and prints
// one JSON line: requests/s, p50/p99 latency (ms) and the status codes seen.
//
//   node load.mjs URL N C [BEARER_TOKEN]
const [url, nText, cText, token] = process.argv.slice(2);
const n = Number(nText), c = Number(cText);
if (!url || !(n > 0) || !(c > 0)) {
  console.error("usage: node load.mjs URL N C [BEARER_TOKEN]");
  process.exit(2);
}
const headers = token ? { authorization: `Bearer ${token}` } : {};
const latencies = new Float64Array(n);
const statuses = {};
let next = 0;
async function worker() {
  while (next < n) {
    const i = next++;
    const t0 = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    latencies[i] = performance.now() - t0;
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  }
}
// Warm-up: connections, JIT, the grains' activations.
for (let i = 0; i < 200; i++) await (await fetch(url, { headers })).arrayBuffer();
const start = performance.now();
await Promise.all(Array.from({ length: c }, worker));
const seconds = (performance.now() - start) / 1000;
latencies.sort();
const at = (q) => Math.round(latencies[Math.min(n - 1, Math.floor(q * n))] * 100) / 100;
console.log(JSON.stringify({ requests: n, concurrency: c, requests_per_sec: Math.round(n / seconds), p50_ms: at(0.5), p99_ms: at(0.99), statuses }));
