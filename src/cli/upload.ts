/**
 * `cryptomate-enable upload <clientId> <productRequestId> --type <document_type> --front <file>`:
 * one document for a pending request, read from image files, then what is still missing.
 */
import { open, readFile, stat } from "node:fs/promises";
import { formatChecklist } from "../checklist.js";
import { imageProblem, MAX_IMAGE_BYTES } from "../client/image.js";
import type { components } from "../client/types.js";
import { type Flags, makeClient, Refusal, UsageError } from "./args.js";
import { callFailed, hostFlags, missingLine, positionalsOf, printJson, rejectedLines, stdout } from "./output.js";

type RejectedItem = components["schemas"]["RejectedItem"];

/** What the API takes as a document type or metadata key: a letter, then letters, digits and `_`. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The `--meta key=value` flags as metadata, or a usage error naming the first one that is wrong. */
export function metadataOf(flags: readonly string[] = []): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const flag of flags) {
    const equals = flag.indexOf("=");
    if (equals < 0) throw new UsageError(`--meta ${JSON.stringify(flag)} must be key=value, such as number=AB1234567`);
    const key = flag.slice(0, equals);
    const value = flag.slice(equals + 1);
    if (!IDENTIFIER.test(key)) {
      throw new UsageError(
        `--meta key ${JSON.stringify(key)} (in ${JSON.stringify(flag)}) must be a letter, then letters, digits or _`,
      );
    }
    if (value === "") throw new UsageError(`--meta ${JSON.stringify(flag)} has no value`);
    if (Object.hasOwn(metadata, key)) throw new UsageError(`--meta ${key} is given twice`);
    metadata[key] = value;
  }
  return metadata;
}

interface ImageFile {
  flag: "--front" | "--back";
  field: "image_front" | "image_back";
  path: string;
  /** The whole file, or its first bytes when it is too large to send anyway. */
  bytes: Uint8Array;
  size: number;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
};

/** Reads an image file, or refuses the run in one line naming it. */
async function readImage(flag: ImageFile["flag"], path: string): Promise<ImageFile> {
  const field = flag === "--front" ? "image_front" : "image_back";
  try {
    const info = await stat(path);
    // A device or a pipe has no size to check first, and may never end: only files are read.
    if (!info.isFile()) {
      throw new Refusal(
        `cannot read ${flag} ${path}: ${info.isDirectory() ? "it is a directory" : "not a regular file"}`,
      );
    }
    const { size } = info;
    // An image over the limit is refused whatever it holds: its first bytes say what it is.
    if (size <= MAX_IMAGE_BYTES) return { flag, field, path, bytes: await readFile(path), size };
    const handle = await open(path, "r");
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(64), 0, 64, 0);
      return { flag, field, path, bytes: buffer.subarray(0, bytesRead), size };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = READ_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
    throw new Refusal(`cannot read ${flag} ${path}: ${reason}`);
  }
}

/**
 * Images the API would reject (not a JPEG or PNG, over 10 MB), as the rejected items it would
 * answer. The client refuses them too; checked here so that the refusal names the file, and a
 * file over the limit is never read whole.
 */
function refusedImages(documentType: string, images: readonly ImageFile[]): RejectedItem[] {
  return images.flatMap((image) => {
    const problem = imageProblem(image.bytes, image.size);
    return problem
      ? [{ type: "document", key: documentType, reason: `${image.field} (${image.flag} ${image.path}) ${problem}` }]
      : [];
  });
}

export async function upload(positionals: string[], values: Flags): Promise<number> {
  const [clientId, productRequestId] = positionalsOf("upload", positionals, ["client id", "product request id"]) as [
    string,
    string,
  ];
  const documentType = values.type;
  if (!documentType) throw new UsageError("upload needs --type <document_type>, such as passport");
  if (!IDENTIFIER.test(documentType)) {
    throw new UsageError(`--type must be a document type such as passport, got ${JSON.stringify(documentType)}`);
  }
  if (!values.front) throw new UsageError("upload needs --front <file>, the image of the document's front");
  const metadata = metadataOf(values.meta);
  const images = [await readImage("--front", values.front)];
  if (values.back) images.push(await readImage("--back", values.back));

  const refused = refusedImages(documentType, images);
  if (refused.length > 0) {
    if (values.json) printJson({ sent: false, rejected_items: refused });
    else stdout(`${["Nothing was sent.", ...rejectedLines(refused)].join("\n")}\n`);
    return 1;
  }

  const [front, back] = images as [ImageFile, ImageFile | undefined];
  const { client, close } = await makeClient(values);
  try {
    const result = await client.completeProductDocumentation(clientId, productRequestId, {
      document: {
        document_type: documentType,
        // The bytes as read: the client encodes them to a data: URI of the type they show.
        image_front: front.bytes,
        ...(back ? { image_back: back.bytes } : {}),
        metadata,
        ...(values.replace ? { replace: true } : {}),
      },
    });
    const rejected = result.rejected_items ?? [];
    if (values.json) printJson(result);
    else {
      const verdict = rejected.length > 0 ? "rejected" : "accepted";
      const lines = [
        `Sent ${documentType} for request ${productRequestId}: ${verdict}.`,
        ...rejectedLines(rejected),
        missingLine(result.product),
      ];
      lines.push("", formatChecklist(result.product, { cliFlags: hostFlags(values) }));
      stdout(`${lines.join("\n")}\n`);
    }
    return rejected.length > 0 ? 1 : 0;
  } catch (error) {
    return callFailed(error);
  } finally {
    await close();
  }
}
