import type { TestProject } from "vitest/node";
import { startMock } from "../../src/mock/start.js";
import { leftoversOf, markRun } from "./leftovers.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

/**
 * One real Prism process of the spec, with --errors, for the whole run. After the run, fails it
 * when any process a test started (directly or not) is still running.
 */
export default async function setup(project: TestProject) {
  const run = markRun();
  const mock = await startMock({ errors: true });
  project.provide("prismUrl", mock.url);
  return async () => {
    await mock.stop();
    const left = await leftoversOf(run);
    if (left.length > 0) {
      // An error thrown here is printed, but the run's exit status would not show it.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} process(es) running (now killed):\n${left
          .map(({ pid, command }) => `  ${pid} ${command.slice(0, 300)}`)
          .join("\n")}`,
      );
    }
  };
}
