// Sends hostile invocations to Synth's progress hub with the official SignalR client and prints
// one JSON line: for each call, whether the hub refused it with its own message ("refused"), failed
// with SignalR's generic message for an unexpected server error ("crashed"), or accepted it ("ok");
// then whether the same connection still works, and what an oversized message did.
//
//   node hostile-hub.mjs SERVER_URL JOB_ID
import * as signalR from "@microsoft/signalr";

const [server, jobId] = process.argv.slice(2);
if (!server || !jobId) {
  console.error("usage: node hostile-hub.mjs SERVER_URL JOB_ID");
  process.exit(2);
}

function connect() {
  return new signalR.HubConnectionBuilder()
    .withUrl(`${server.replace(/\/$/, "")}/hubs/progress`)
    .configureLogging(signalR.LogLevel.None)
    .build();
}

const unknownJob = "j" + "0".repeat(20);
const calls = [
  ["Join", null, 0],
  ["Join", "", 0],
  ["Join", 5, 0],
  ["Join", { id: jobId }, 0],
  ["Join", "../../etc/passwd", 0],
  ["Join", "j" + "f".repeat(20) + "\u0000", 0],
  ["Join", "x".repeat(20000), 0],
  ["Join", unknownJob, 0],
  ["Join", jobId, -1],
  ["Join", jobId, 1e308],
  ["Join", jobId, "abc"],
  ["Join", jobId, null],
  ["Join", jobId, [1, 2]],
  ["Join"],
  ["Join", jobId],
  ["Join", jobId, 0, "extra"],
  ["Leave", null],
  ["Leave", { a: 1 }],
  ["Leave", "x".repeat(20000)],
  ["NoSuchMethod", 1],
  ["OnDisconnectedAsync", null],
];

function classify(error) {
  if (!error) return "ok";
  const message = String(error.message ?? error);
  // A HubException reaches the client as "An unexpected error occurred invoking 'X' on the server.
  // HubException: <the hub's message>"; any other server exception as that first sentence alone.
  return message.includes("An unexpected error occurred") && !message.includes("HubException:") ? "crashed" : "refused";
}

const results = [];
const connection = connect();
await connection.start();
for (const [method, ...args] of calls) {
  try {
    await connection.invoke(method, ...args);
    results.push({ call: `${method}(${JSON.stringify(args).slice(0, 60)})`, outcome: "ok" });
  } catch (error) {
    results.push({ call: `${method}(${JSON.stringify(args).slice(0, 60)})`, outcome: classify(error), message: String(error.message ?? error).slice(0, 200) });
  }
}
let stillWorks;
try {
  await connection.invoke("Join", jobId, 0);
  stillWorks = true;
} catch (error) {
  stillWorks = `after the hostile calls a valid Join failed: ${error.message ?? error}`;
}
await connection.stop();

// A message over the hub's size limit (SignalR's default is 32 KB): the server may close this
// connection, but must stay up for the others.
let oversized;
const big = connect();
big.onclose(() => {});
await big.start();
try {
  await big.invoke("Join", "y".repeat(2_000_000), 0);
  oversized = "ok";
} catch (error) {
  oversized = classify(error) === "crashed" ? "crashed" : "closed or refused";
}
try { await big.stop(); } catch { /* already closed */ }

console.log(JSON.stringify({ results, stillWorks, oversized }));
process.exit(0);
