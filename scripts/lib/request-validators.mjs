// Standalone validators of the bodies the operations take (generated/request-validators.js), for
// the mock's stateful mode and its MSW handlers: they check a call's body as the API would,
// without parsing the spec at run time. Kept apart from generated/validators.js (the answers),
// which the client loads, so that the client does not carry them.
import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";

const UCS2_REQUIRE = 'require("ajv/dist/runtime/ucs2length").default';
const UCS2_INLINE = "function ucs2length(text) { let n = 0; for (const _ of text) n++; return n; }";

/** Formats the bodies use, checked as plainly as the API's pages describe them. */
const FORMATS = {
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  int64: true,
};

/** The component schemas that some operation's JSON request body is a `$ref` to, sorted. */
export function requestSchemasOf(spec) {
  const names = new Set();
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      const ref = operation?.requestBody?.content?.["application/json"]?.schema?.$ref;
      const name = /^#\/components\/schemas\/([^/]+)$/.exec(ref ?? "")?.[1];
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

export function renderRequestValidators(spec, banner) {
  const ajv = new Ajv2020.default({
    code: { source: true, esm: true, optimize: true },
    allErrors: true,
    strict: false,
  });
  for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);
  ajv.addSchema({ $id: "spec", components: { schemas: spec.components.schemas } });
  const exports = Object.fromEntries(
    requestSchemasOf(spec).map((name) => [`validate${name}`, `spec#/components/schemas/${name}`]),
  );
  let code = standaloneCode.default(ajv, exports);
  if (code.includes(UCS2_REQUIRE)) code = `${UCS2_INLINE}\n${code.split(UCS2_REQUIRE).join("ucs2length")}`;
  if (/\brequire\(/.test(code)) throw new Error("generated request validator still requires a module");
  return `${banner}// @ts-nocheck\n/* eslint-disable */\n${code}\n`;
}

export function renderRequestValidatorTypes(spec, banner) {
  const declarations = requestSchemasOf(spec).map(
    (name) => `
/** Checks a request body against components.schemas.${name}. */
export declare const validate${name}: Validator;
`,
  );
  return `${banner}
import type { Validator } from "./validators.js";
${declarations.join("")}`;
}
