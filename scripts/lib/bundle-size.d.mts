export function gzippedSize(input: {
  entryPoints?: string[];
  stdin?: { contents: string; resolveDir: string };
}): Promise<number>;
export const CORE_BUDGET: number;
