/**
 * A mistake in an operator's file (rules file, permission catalogue): a configuration error, so a `TypeError`
 * (style.md: configuration mistakes are TypeErrors at startup), whose message starts with `file:line:column` so
 * that editors and terminals link straight to the spot.
 */
export class ConfigFileError extends TypeError {
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(file: string, line: number, column: number, problem: string) {
    super(`${file}:${line}:${column}: ${problem}`);
    this.name = 'ConfigFileError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}
