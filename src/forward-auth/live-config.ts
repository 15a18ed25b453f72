import { readFileSync } from 'node:fs';
import { BUILT_IN_RULES, parseAuthRules, type AuthRules } from './auth-rules.js';
import { EMPTY_CATALOGUE, parsePermissionCatalogue, type PermissionCatalogue } from './permission-catalogue.js';
import { watchFiles, type FileWatch } from './watch-files.js';

export interface ForwardAuthFiles {
  /** KEYWARD_AUTH_RULES */
  readonly rules: string | undefined;
  /** KEYWARD_PERMISSION_CATALOGUE */
  readonly catalogue: string | undefined;
}

/** Rules and catalogue are loaded and swapped together: rule permissions are validated against that catalogue. */
export interface ForwardAuthSnapshot {
  readonly rules: AuthRules;
  readonly catalogue: PermissionCatalogue;
}

export type ReloadOutcome =
  | { readonly status: 'reloaded'; readonly snapshot: ForwardAuthSnapshot }
  | { readonly status: 'unchanged' }
  | { readonly status: 'failed'; readonly error: Error };

interface Texts { rules: string | undefined; catalogue: string | undefined }

/**
 * The forward-auth configuration in force. Loading at start throws (the server refuses to start with the line of
 * the mistake); a reload that fails keeps the previous configuration and reports the error, so a half-saved file
 * never opens or closes anything. Requests read `current` once: one property read, nothing compiled.
 */
export class LiveForwardAuthConfig {
  current: ForwardAuthSnapshot;
  private texts: Texts;
  private watcher: FileWatch | undefined;

  constructor(private readonly files: ForwardAuthFiles) {
    this.texts = this.readTexts();
    this.current = this.compile(this.texts);
  }

  /** Re-reads both files; compiles and swaps only when a text changed and the new pair is valid. */
  reload(): ReloadOutcome {
    let texts: Texts;
    try {
      texts = this.readTexts();
    } catch (err) {
      return { status: 'failed', error: err as Error };
    }
    if (texts.rules === this.texts.rules && texts.catalogue === this.texts.catalogue) return { status: 'unchanged' };
    try {
      const snapshot = this.compile(texts);
      this.current = snapshot;
      this.texts = texts;
      return { status: 'reloaded', snapshot };
    } catch (err) {
      return { status: 'failed', error: err as Error };
    }
  }

  /** Reloads after changes to either file (fs.watch on their directories, debounced). */
  watch(onOutcome: (outcome: ReloadOutcome) => void, debounceMs = 200): void {
    const files = [this.files.rules, this.files.catalogue].filter((f) => f !== undefined);
    if (files.length === 0 || this.watcher !== undefined) return;
    this.watcher = watchFiles(files, () => {
      const outcome = this.reload();
      if (outcome.status !== 'unchanged') onOutcome(outcome);
    }, debounceMs);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private readTexts(): Texts {
    return {
      rules: this.files.rules === undefined ? undefined : readFileSync(this.files.rules, 'utf8'),
      catalogue: this.files.catalogue === undefined ? undefined : readFileSync(this.files.catalogue, 'utf8'),
    };
  }

  private compile(texts: Texts): ForwardAuthSnapshot {
    const catalogue = texts.catalogue === undefined || this.files.catalogue === undefined
      ? EMPTY_CATALOGUE
      : parsePermissionCatalogue(texts.catalogue, this.files.catalogue);
    const rules = texts.rules === undefined || this.files.rules === undefined
      ? BUILT_IN_RULES
      : parseAuthRules(texts.rules, this.files.rules, catalogue);
    return { rules, catalogue };
  }
}
