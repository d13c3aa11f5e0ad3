import type { TestProject } from "vitest/node";
import { startMock } from "../../src/mock/start.js";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

/** One real Prism process of the spec, with --errors, for the whole run. */
export default async function setup(project: TestProject) {
  const mock = await startMock({ errors: true });
  project.provide("prismUrl", mock.url);
  return () => mock.stop();
}
