import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: runs anywhere fetch exists (Node, Bun, Deno, browsers); no Node built-ins.
    entry: {
      index: "src/index.ts",
      validation: "src/validation.ts",
      checklist: "src/checklist.ts",
      msw: "src/mock/msw.ts",
    },
    format: ["esm", "cjs"],
    dts: true,
    splitting: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
  },
  {
    // Node-only: the mock server launcher and the Redis store, importable both ways.
    entry: { mock: "src/mock/start.ts", redis: "src/pacing/redis.ts" },
    format: ["esm", "cjs"],
    dts: true,
    shims: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
  },
  {
    // Node-only command-line programs.
    entry: { "mock-cli": "src/mock/cli.ts", cli: "src/cli/main.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    platform: "node",
  },
]);
