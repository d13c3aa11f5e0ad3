import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    testTimeout: 30_000,
    // Many tests make calls fail on purpose; the client's logs of those failures would read as
    // failures of the run. Tests that check logs pass their own logLevel and logger.
    env: { CRYPTOMATE_LOG: "off" },
    hookTimeout: 90_000,
    typecheck: {
      enabled: true,
      include: ["test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
