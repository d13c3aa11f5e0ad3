/** `cryptomate-enable request <clientId>`: one call, printed as a checklist or as JSON. */
import { formatChecklist } from "../checklist.js";
import { CryptoMateError, CryptoMateInputError } from "../client/errors.js";
import { type Flags, makeClient, product, UsageError } from "./args.js";

export async function request(positionals: string[], values: Flags): Promise<number> {
  const [clientId, ...extra] = positionals;
  if (!clientId) throw new UsageError("request needs a client id");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const subproduct = product(values);
  const { client, close } = await makeClient(values);
  try {
    const result = await client.requestProductEnablement(clientId, { subproduct });
    process.stdout.write(`${values.json ? JSON.stringify(result, null, 2) : formatChecklist(result)}\n`);
    return 0;
  } catch (error) {
    // A client id the client refuses (blank, "..") is a mistake in the command line.
    if (error instanceof CryptoMateInputError) throw new UsageError(error.message);
    if (error instanceof CryptoMateError) {
      process.stderr.write(`${error.name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}
