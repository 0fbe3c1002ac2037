// Calls each method of Synth's progress hub as one caller, with the official SignalR client, and
// prints one JSON line: whether the connection started, and for each method whether the hub
// accepted the call ("ok") or refused it (its message).
//
//   node hub-access.mjs SERVER_URL TOKEN JOB_ID STREAM_ID     (TOKEN "-": no credential)
//
// The credential travels as SignalR clients send it (accessTokenFactory: a bearer header for
// negotiate, ?access_token= for the WebSocket).
import * as signalR from "@microsoft/signalr";

const [server, token, jobId, streamId] = process.argv.slice(2);
if (!server || !token || !jobId || !streamId) {
  console.error("usage: node hub-access.mjs SERVER_URL TOKEN JOB_ID STREAM_ID");
  process.exit(2);
}

const options = token === "-" ? {} : { accessTokenFactory: () => token };
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${server.replace(/\/$/, "")}/hubs/progress`, options)
  .configureLogging(signalR.LogLevel.None)
  .build();

const result = { start: "ok", methods: {} };
try {
  await connection.start();
} catch (error) {
  result.start = String(error.message ?? error);
  console.log(JSON.stringify(result));
  process.exit(0);
}
const calls = { Join: [jobId, 0], Leave: [jobId] };
for (const [method, args] of Object.entries(calls)) {
  try {
    await connection.invoke(method, ...args);
    result.methods[method] = "ok";
  } catch (error) {
    result.methods[method] = String(error.message ?? error);
  }
}
// A streaming method: its first item, or its refusal.
result.methods.WatchStream = await new Promise((resolve) => {
  const subscription = connection.stream("WatchStream", streamId).subscribe({
    next: (sample) => {
      subscription.dispose();
      resolve(sample.id === streamId ? "ok" : `unexpected sample for ${sample.id}`);
    },
    error: (error) => resolve(String(error.message ?? error)),
    complete: () => resolve("completed without a sample"),
  });
});
await connection.stop();
console.log(JSON.stringify(result));
process.exit(0);
