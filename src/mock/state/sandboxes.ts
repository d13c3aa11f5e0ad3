/**
 * The sandboxes of the stateful mock, one per API key: every piece of state belongs to the key
 * that created it, and another key's ids are as unknown as ids that never existed. A sandbox is
 * found by a salted SHA-256 of its key, so the key itself is kept nowhere, not even in a saved
 * state file. Every sandbox draws on one shared byte budget: a call that would go past it is
 * refused, so no key forgets another's data. State that later features add per key (such as
 * webhook subscriptions) belongs in the Store of the sandbox, where reset and saving find it.
 */
import { mockFull } from "./answers.js";
import { limitsOf, SANDBOX_BYTES, type SandboxLimits } from "./limits.js";
import { sha256Hex } from "./sha256.js";
import { type Budget, createStore, type Store, type StoreOptions } from "./store.js";
import type { MockAnswer, StoredClient, StoredRequest } from "./types.js";

/** The salt before a key in its sandbox's id: not the fingerprint logs show, nor the key's plain hash. */
const SANDBOX_SALT = "cryptomate-enable-mock:sandbox:";

/** The id of an API key's sandbox: 64 hex digits, from which the key cannot be read back. */
export const sandboxId = (apiKey: string): string => sha256Hex(`${SANDBOX_SALT}${apiKey}`);

/** What the sandboxes keep, by sandbox id: what a state file holds. */
export type SandboxDump = { id: string; clients: { client: StoredClient; requests: StoredRequest[] }[] }[];

export interface SandboxOptions extends StoreOptions {
  limits?: SandboxLimits;
}

export type Sandboxes = ReturnType<typeof createSandboxes>;

export function createSandboxes(options: SandboxOptions = {}) {
  const limits = limitsOf(options.limits);
  const budget: Budget = { used: 0, max: limits.totalBytes };
  const byId = new Map<string, Store>();
  const make = () => createStore({ ...options, limits }, budget);
  /** The store of a key with no sandbox yet: nothing is ever written to it. */
  const empty = make();

  function drop(id: string): void {
    const store = byId.get(id);
    if (!store) return;
    store.reset();
    byId.delete(id);
    budget.used -= SANDBOX_BYTES;
  }

  return {
    /** The bytes every sandbox together costs now, and the most it may. */
    budget: budget as Readonly<Budget>,
    /** How many keys have a sandbox. */
    get size() {
      return byId.size;
    },

    /** The key's sandbox to read: an empty one when the key has none. */
    read: (apiKey: string): Store => byId.get(sandboxId(apiKey)) ?? empty,

    /** The key's sandbox to write to, made when it has none; the refusal when there is no room for one. */
    write(apiKey: string): Store | MockAnswer {
      const id = sandboxId(apiKey);
      const found = byId.get(id);
      if (found) return found;
      if (budget.used + SANDBOX_BYTES > budget.max) return mockFull(budget.max);
      const store = make();
      byId.set(id, store);
      budget.used += SANDBOX_BYTES;
      return store;
    },

    /** Forgets the key's sandbox when it holds nothing (a first write was refused). */
    release(apiKey: string): void {
      const id = sandboxId(apiKey);
      if (byId.get(id)?.clients.size === 0) drop(id);
    },

    /** Forgets the key's sandbox; without a key, every sandbox. */
    reset(apiKey?: string): void {
      const ids = apiKey === undefined ? [...byId.keys()] : [sandboxId(apiKey)];
      for (const id of ids) drop(id);
    },

    /** Everything kept, by sandbox id. */
    dump: (): SandboxDump => [...byId].map(([id, store]) => ({ id, clients: store.dump() })),

    /** Takes back what `dump` gave (after a restart), in place of everything kept now. */
    load(dump: SandboxDump): void {
      for (const id of [...byId.keys()]) drop(id);
      for (const { id, clients } of dump) {
        const store = make();
        store.load(clients);
        byId.set(id, store);
        budget.used += SANDBOX_BYTES;
      }
    },
  };
}
