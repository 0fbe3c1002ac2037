/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The bundle lands in Synth.Api's wwwroot (git-ignored), which the .NET build copies beside the
// server; Synth.Api serves index.html at / and /ui/*, and assets/ with immutable cache headers.
// `npm run dev` proxies the API of a `synth serve` on 127.0.0.1:8000.
const api = "http://127.0.0.1:8000";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../../src/Synth.Api/wwwroot",
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: Object.fromEntries(
      ["/jobs", "/schemas", "/datasets", "/models", "/streams", "/status", "/me", "/openapi", "/orleans"].map((p) => [p, api]),
    ),
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
