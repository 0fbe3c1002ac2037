// Follows one job on Synth's progress hub with the official SignalR client, the way a dashboard
// would, and prints what it received as one JSON line on standard output:
//   {"sequences":[1,2,…],"statuses":["Queued",…],"reconnected":true}
//
//   node follow-job.mjs SERVER_URL JOB_ID [RECONNECT_AFTER] [START_AFTER]
//
// It joins after sequence START_AFTER (default 0: from the first event). After RECONNECT_AFTER
// events (default 2) it stops the connection and starts a new one, then joins again after the
// last sequence it handled: the hub must resume exactly there, with no gap and no repeat. It
// exits once an event carries a final status (exit 0), or when the server closes the connection
// or 120 s pass (exit 1).
import * as signalR from "@microsoft/signalr";

const [server, jobId, reconnectAfterText, startAfterText] = process.argv.slice(2);
if (!server || !jobId) {
  console.error("usage: node follow-job.mjs SERVER_URL JOB_ID [RECONNECT_AFTER] [START_AFTER]");
  process.exit(2);
}
const reconnectAfter = Number(reconnectAfterText ?? 2);
const startAfter = Number(startAfterText ?? 0);
const finalStatuses = new Set(["Succeeded", "Failed", "Cancelled"]);

const sequences = [];
const statuses = [];
let reconnected = false;
let finished;
const done = new Promise((resolve) => (finished = resolve));

const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${server.replace(/\/$/, "")}/hubs/progress`)
  .configureLogging(signalR.LogLevel.Warning)
  .build();

let reconnecting = false;
let stopping = false;
connection.onclose((error) => {
  if (reconnecting || stopping) return;
  console.log(JSON.stringify({ sequences, statuses, reconnected, error: `the server closed the connection: ${error ?? "no error"}` }));
  process.exit(1);
});
connection.on("progress", (message) => {
  if (reconnecting) return; // arrived on the connection being replaced: the rejoin replays it
  sequences.push(message.sequence);
  statuses.push(message.event.status);
  if (finalStatuses.has(message.event.status)) finished();
  else if (!reconnected && sequences.length >= reconnectAfter) reconnect();
});

async function reconnect() {
  reconnecting = true;
  reconnected = true;
  await connection.stop();
  await connection.start();
  reconnecting = false;
  await connection.invoke("Join", jobId, sequences.at(-1));
}

const timeout = setTimeout(() => {
  console.log(JSON.stringify({ sequences, statuses, reconnected, error: "timed out before a final status" }));
  process.exit(1);
}, 120_000);

try {
  await connection.start();
  await connection.invoke("Join", jobId, startAfter);
  await done;
} catch (e) {
  console.log(JSON.stringify({ sequences, statuses, reconnected, error: String(e) }));
  process.exit(1);
}
clearTimeout(timeout);
stopping = true;
await connection.stop();
console.log(JSON.stringify({ sequences, statuses, reconnected }));
