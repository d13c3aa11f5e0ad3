/**
 * The base of every error this package throws, and the brand that lets `instanceof` work across
 * copies of the package (its ESM and CommonJS builds) loaded in one process.
 */

/**
 * Each class's name under a registered symbol, shared by every copy of this package in a process
 * (its ESM and CommonJS builds, or two installed versions), so that `instanceof` agrees across them.
 */
export const BRAND = Symbol.for("cryptomate-product-enablement.error-class");

/**
 * True when a class in `value`'s prototype chain is `target` or carries its brand. A subclass of
 * the app's own has no brand of its own: it matches only its own instances.
 */
function isInstance(target: { [BRAND]?: string }, value: unknown): boolean {
  const brand = Object.hasOwn(target, BRAND) ? target[BRAND] : undefined;
  let proto = value === null || value === undefined ? null : Object.getPrototypeOf(value);
  for (; proto; proto = Object.getPrototypeOf(proto)) {
    const owner = proto.constructor;
    if (owner === target || (brand && owner && Object.hasOwn(owner, BRAND) && owner[BRAND] === brand)) return true;
  }
  return false;
}

/** Base class of every error thrown by this package. */
export class CryptoMateError extends Error {
  static readonly [BRAND]: string = "CryptoMateError";
  override name = "CryptoMateError";

  /**
   * True for an error made by this class or a subclass, in this copy of the package or another:
   * a class in the value's prototype chain carries this class's brand.
   */
  /**
   * Set when an earlier attempt of the call may have been processed (a 5xx or a timeout before
   * a resend), whatever this last failure says: {@link mayHaveBeenProcessed} is then true.
   */
  declare priorAttemptMayHaveBeenProcessed?: true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `instanceof X` calls this with X, a subclass or the base.
    return isInstance(this, value);
  }

  /** A loggable form: name, message and the error's own fields (headers and cause left out). */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "headers" && key !== "cause" && key !== "name") fields[key] = value;
    }
    return fields;
  }
}
