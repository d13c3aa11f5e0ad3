/** The mock command's command line: each mistake in one line saying what is wrong and what is allowed. */
import { describe, expect, it } from "vitest";
import { BAD_PORTS } from "../src/mock/bad-ports.js";
import { remoteAccessBanner } from "../src/mock/banner.js";
import { freePort } from "../src/mock/start.js";
import { requireBuild, run } from "./helpers/process.js";

const mockCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(process.execPath, [requireBuild("mock-cli.js"), ...args], { env });

describe("cryptomate-enable-mock's options", () => {
  for (const [args, message] of [
    [["--stateful", "--review-ms", "-5"], '--review-ms must be a whole number from 0 to 86400000, got "-5"'],
    [["--stateful", "--review-ms"], "--review-ms needs a value"],
    [["--port", "-1"], '--port must be a whole number from 1 to 65535, got "-1"'],
    [["--host", "--stateful"], '--host needs a value, got "--stateful"'],
    [["--colour"], "unknown option --colour"],
    [["--port", "4045"], "--port: port 4045 is one that fetch refuses to call"],
    [["--port", "6000"], "--port: port 6000 is one that fetch refuses to call"],
    [["--cors-origin", "localhost:3000"], '--cors-origin: "localhost:3000" is not an origin'],
  ] as const) {
    it(`says of ${args.join(" ")}: ${message}`, async () => {
      const result = await mockCli([...args]);
      expect(result.code).toBe(2);
      const [first] = result.stderr.split("\n");
      expect(first).toContain(`cryptomate-enable-mock: ${message}`);
      expect(result.stderr).not.toContain("bad option");
    });
  }

  it("refuses a bad port from $PORT, naming $PORT", async () => {
    const result = await mockCli([], { PORT: "4045" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("$PORT: port 4045 is one that fetch refuses to call");
  });

  it("lists the ports Node's fetch refuses to call, and no other", async () => {
    const refused: number[] = [];
    // A bad port is refused before any connection is tried; other ports get connection refused
    // (nothing listens on them on 127.0.0.1) or an answer: either way, not "bad port".
    const candidates = [...BAD_PORTS, await freePort(), await freePort()];
    for (const port of candidates) {
      const outcome = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) }).then(
        () => "answered",
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
      if (/bad port/i.test(outcome)) refused.push(port);
    }
    expect(refused).toEqual([...BAD_PORTS]);
  });
});

describe("the banner of a mock listening beyond loopback", () => {
  it("says nothing more for a loopback interface", () => {
    for (const host of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"]) {
      expect(remoteAccessBanner(host, 4010, "build-box")).toBe("");
    }
  });

  it("names the machine for a wildcard interface, with every form of the opt-in and its risk", () => {
    const banner = remoteAccessBanner("0.0.0.0", 4010, "build-box");
    expect(banner).toContain("From another host: http://build-box:4010 (or any address of this machine");
    expect(banner).toContain('baseUrl: "http://build-box:4010", allowInsecureHttp: true');
    expect(banner).toContain("--base-url http://build-box:4010 --allow-insecure-http");
    expect(banner).toContain("CRYPTOMATE_ALLOW_INSECURE_HTTP=1");
    expect(banner).toMatch(/unencrypted/);
    expect(remoteAccessBanner("::", 4010, "build-box")).toContain("http://build-box:4010");
  });

  it("uses the host name or address it was given", () => {
    expect(remoteAccessBanner("cryptomate-mock", 4042, "x")).toContain("http://cryptomate-mock:4042");
    expect(remoteAccessBanner("192.0.2.2", 4042, "x")).toContain("http://192.0.2.2:4042");
    expect(remoteAccessBanner("2001:db8::2", 4042, "x")).toContain("http://[2001:db8::2]:4042");
  });
});
