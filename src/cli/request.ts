/** `cryptomate-enable request <clientId>`: one call, printed as a checklist or as JSON. */
import { formatChecklist } from "../checklist.js";
import type { CryptoMateClient } from "../client/client.js";
import { CryptoMateConflictError, CryptoMateError } from "../client/errors.js";
import { activeRequestFor } from "../client/settle.js";
import type { ProductEnablementRequest, Subproduct } from "../client/types.js";
import { type Flags, makeClient, product } from "./args.js";
import { callFailed, errorLine, hostFlags, positionalsOf, printJson, stderr, stdout } from "./output.js";

export async function request(positionals: string[], values: Flags): Promise<number> {
  const [clientId] = positionalsOf("request", positionals, ["client id"]) as [string];
  const subproduct = product(values);
  const { client, close } = await makeClient(values);
  try {
    const result = await client.requestProductEnablement(clientId, { subproduct });
    if (values.json) printJson(result);
    else stdout(`${formatChecklist(result, { cliFlags: hostFlags(values) })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof CryptoMateConflictError) {
      const follow = ["cryptomate-enable", "status", clientId, ...hostFlags(values)].join(" ");
      return alreadyActive(client, clientId, subproduct, error, follow);
    }
    return callFailed(error);
  } finally {
    await close();
  }
}

/**
 * A 409: the client already has an active request for the product. Its line, then the active
 * request read from the client's products (its id and status), as batch records it; exit 1.
 */
async function alreadyActive(
  client: CryptoMateClient,
  clientId: string,
  subproduct: Subproduct,
  conflict: CryptoMateConflictError,
  follow: string,
): Promise<number> {
  stderr(`${errorLine(conflict)}\n`);
  let active: ProductEnablementRequest | undefined;
  try {
    active = activeRequestFor(await client.listClientProducts(clientId), subproduct);
  } catch (error) {
    const why = error instanceof CryptoMateError ? errorLine(error) : String(error);
    stderr(`The active request could not be read: ${why}\n`);
    return 1;
  }
  stderr(
    active
      ? `Active request for ${subproduct}: ${active.id} (${active.status}). Follow it with: ${follow}\n`
      : `No active request for ${subproduct} is listed for ${clientId}.\n`,
  );
  return 1;
}
