/** `cryptomate-enable request <clientId>`: one call, printed as a checklist or as JSON. */
import { formatChecklist } from "../checklist.js";
import { type Flags, makeClient, product } from "./args.js";
import { callFailed, hostFlags, positionalsOf, printJson, stdout } from "./output.js";

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
    return callFailed(error);
  } finally {
    await close();
  }
}
