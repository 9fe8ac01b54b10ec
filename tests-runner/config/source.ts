/** A configuration as read from a file, before validation, with a way to say where a key is. */
export interface ConfigSource {
  /** The settings, in the configuration's native shape. */
  readonly raw: Record<string, unknown>;
  /** Problems found while reading (syntax, unknown property keys), already located. */
  readonly errors: readonly string[];
  /** False when the file could not be parsed at all (then only {@link errors} are reported). */
  readonly readable: boolean;
  /** `file:line` (and the original key, for properties) of the setting at `path`, as well as known. */
  locate(path: readonly PropertyKey[]): string;
}
