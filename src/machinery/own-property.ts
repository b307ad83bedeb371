// Keys come from request bodies, so "__proto__" is an ordinary field name here: read and write own
// properties only, never through the prototype chain.

export function hasOwnField(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

export function setOwnField(object: Record<string, unknown>, key: string, value: unknown): void {
  // Only "__proto__" is an accessor on plain objects; plain assignment is safe (and fast) for the rest.
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
