/**
 * Small real images, made here rather than read from files: an 8×8 grey baseline JPEG, a 2×2
 * red PNG and a 1×1 GIF, each as bytes and as a `data:` URI like the API's example.
 */
import { deflateSync } from "node:zlib";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const typed = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A `width`×`height` PNG of one RGB colour. */
export function png(width = 2, height = 2, [r, g, b] = [255, 0, 0]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per sample, RGB, deflate, no filter, no interlace
  const row = [0, ...Array.from({ length: width }, () => [r, g, b]).flat()]; // filter byte 0, then pixels
  const pixels = Buffer.from(Array.from({ length: height }, () => row).flat());
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(pixels)),
    pngChunk("IEND", new Uint8Array()),
  ]);
}

const segment = (marker: number, body: number[]) => [
  0xff,
  marker,
  (body.length + 2) >> 8,
  (body.length + 2) & 0xff,
  ...body,
];

/**
 * An 8×8 mid-grey baseline JPEG: one block whose every coefficient is zero, coded with one-symbol
 * Huffman tables (a DC difference of 0, then end of block).
 */
export function jpeg(): Buffer {
  const oneSymbolTable = (tableClass: number) => [tableClass << 4, 1, ...new Array(15).fill(0), 0x00];
  return Buffer.from([
    0xff,
    0xd8, // start of image
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // JFIF 1.1
    ...segment(0xdb, [0x00, ...new Array(64).fill(1)]), // quantisation table 0: all ones
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // 8-bit, 8×8, one component
    ...segment(0xc4, oneSymbolTable(0)), // DC table 0
    ...segment(0xc4, oneSymbolTable(1)), // AC table 0
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // scan of component 1
    0x3f, // bits 0 (DC diff 0) and 0 (end of block), padded with ones
    0xff,
    0xd9, // end of image
  ]);
}

/** A 1×1 GIF: a format the API does not take. */
export function gif(): Buffer {
  return Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
}

/** The image as a base64 `data:` URI. */
export const dataUri = (type: "image/jpeg" | "image/png" | "image/gif", bytes: Buffer): string =>
  `data:${type};base64,${bytes.toString("base64")}`;
