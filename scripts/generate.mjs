#!/usr/bin/env node
// Generates everything under generated/ from openapi/openapi.yaml:
//   schema.d.ts     TypeScript types, by openapi-typescript
//   validators.js   a standalone response validator, compiled by Ajv (no spec parsing at run time)
// `renderAll()` is shared with the staleness test so that both compare the same text.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import openapiTS, { astToString } from "openapi-typescript";
import YAML from "yaml";

const root = new URL("../", import.meta.url);
export const specUrl = new URL("openapi/openapi.yaml", root);

const banner = `/**
 * Generated from openapi/openapi.yaml by scripts/generate.mjs (npm run generate).
 * Do not edit by hand: change the spec and regenerate.
 */
`;

async function renderTypes(specText) {
  const ast = await openapiTS(specText, { alphabetize: false });
  return `${banner}\n${astToString(ast)}`;
}

// Ajv's standalone output counts string length with a helper it `require`s; the generated
// module must be plain ESM with no dependency, so the helper is written inline instead.
const UCS2_REQUIRE = 'require("ajv/dist/runtime/ucs2length").default';
const UCS2_INLINE = "function ucs2length(text) { let n = 0; for (const _ of text) n++; return n; }";

function renderValidators(specText) {
  const spec = YAML.parse(specText);
  const ajv = new Ajv2020.default({
    code: { source: true, esm: true, optimize: true },
    allErrors: true,
    strict: false,
  });
  ajv.addSchema({ $id: "spec", components: { schemas: spec.components.schemas } });
  let code = standaloneCode.default(ajv, {
    validateProductEnablementRequest: "spec#/components/schemas/ProductEnablementRequest",
  });
  if (code.includes(UCS2_REQUIRE)) code = `${UCS2_INLINE}\n${code.split(UCS2_REQUIRE).join("ucs2length")}`;
  if (/\brequire\(/.test(code)) throw new Error("generated validator still requires a module");
  return `${banner}// @ts-nocheck\n/* eslint-disable */\n${code}\n`;
}

const validatorTypes = `${banner}
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export interface Validator {
  (value: unknown): boolean;
  errors?: ValidatorError[] | null;
}

/** Checks a value against components.schemas.ProductEnablementRequest. */
export declare const validateProductEnablementRequest: Validator;
`;

/** Every generated file, by path relative to the repository root. */
export async function renderAll() {
  const specText = await readFile(specUrl, "utf8");
  return {
    "generated/schema.d.ts": await renderTypes(specText),
    "generated/validators.js": renderValidators(specText),
    "generated/validators.d.ts": validatorTypes,
  };
}

export function pathOf(relative) {
  return new URL(relative, root);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [relative, text] of Object.entries(await renderAll())) {
    await writeFile(pathOf(relative), text);
    console.log(`wrote ${relative}`);
  }
}
