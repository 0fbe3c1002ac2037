// Watches a stream through Synth's progress hub (WatchStream) with the official SignalR client and
// prints one JSON line: the samples received (up to COUNT), or the refusal.
//
//   node watch-stream.mjs SERVER_URL STREAM_ID COUNT
import * as signalR from "@microsoft/signalr";

const [server, streamId, countText] = process.argv.slice(2);
if (!server || !streamId || !countText) {
  console.error("usage: node watch-stream.mjs SERVER_URL STREAM_ID COUNT");
  process.exit(2);
}
const count = Number(countText);
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${server.replace(/\/$/, "")}/hubs/progress`)
  .configureLogging(signalR.LogLevel.None)
  .build();
await connection.start();
const samples = [];
const outcome = await new Promise((resolve) => {
  const subscription = connection.stream("WatchStream", streamId).subscribe({
    next: (sample) => {
      samples.push(sample);
      if (samples.length >= count) {
        subscription.dispose();
        resolve("ok");
      }
    },
    error: (error) => resolve(String(error.message ?? error)),
    complete: () => resolve("completed"),
  });
});
await connection.stop();
console.log(JSON.stringify({ outcome, samples }));
process.exit(0);
