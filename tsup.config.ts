import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: runs anywhere fetch exists (Node, Bun, Deno, browsers); no Node built-ins.
    entry: { index: "src/index.ts", validation: "src/validation.ts", checklist: "src/checklist.ts" },
    format: ["esm", "cjs"],
    dts: true,
    splitting: true,
    sourcemap: true,
    clean: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
  },
  {
    // Node-only tools: the mock server and the command-line programs.
    entry: { mock: "src/mock.ts", "mock-cli": "src/mock-cli.ts", cli: "src/cli.ts" },
    format: ["esm"],
    dts: { entry: { mock: "src/mock.ts" } },
    sourcemap: true,
    target: "node20",
    platform: "node",
    external: ["openapi-fetch"],
  },
]);
