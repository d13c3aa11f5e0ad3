/**
 * `cryptomate-enable submit <clientId> <productRequestId>`: asks CryptoMate to check the request
 * again and move it to KYC; exits 0 only when it got there.
 */
import { formatChecklist } from "../checklist.js";
import { type Flags, makeClient } from "./args.js";
import { callFailed, hostFlags, missingLine, positionalsOf, printJson, rejectedLines, stdout } from "./output.js";

/** Statuses a submitted request can be in: the review runs, or is over and enabled the product. */
const SUBMITTED = new Set(["in_kyc", "enabled"]);

export async function submit(positionals: string[], values: Flags): Promise<number> {
  const [clientId, productRequestId] = positionalsOf("submit", positionals, ["client id", "product request id"]) as [
    string,
    string,
  ];
  const { client, close } = await makeClient(values);
  try {
    const result = await client.submitProductEnablementRequest(clientId, productRequestId);
    const { status } = result.product;
    const submitted = SUBMITTED.has(status);
    if (values.json) printJson(result);
    else {
      const head = submitted
        ? `Submitted request ${productRequestId}: now ${status}.`
        : `Request ${productRequestId} was not submitted: it is ${status}.${status === "pending_documentation" ? " Supply what is missing below, then submit again." : ""}`;
      const lines = [head, ...rejectedLines(result.rejected_items ?? [])];
      if (!submitted) lines.push(missingLine(result.product));
      lines.push("", formatChecklist(result.product, { cliFlags: hostFlags(values) }));
      stdout(`${lines.join("\n")}\n`);
    }
    return submitted ? 0 : 1;
  } catch (error) {
    return callFailed(error);
  } finally {
    await close();
  }
}
