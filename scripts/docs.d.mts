export function buildDocs(outDir?: string): Promise<string>;
