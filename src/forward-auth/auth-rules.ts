import { readFileSync } from 'node:fs';
import { isKnownPermissionPath, normalizeFolderPath } from '../permissions/index.js';
import { compileHostPattern, compilePathPattern, type Matcher } from './patterns.js';
import type { PermissionCatalogue } from './permission-catalogue.js';
import { YamlSource } from './yaml-source.js';

/** What a matching rule requires of the request. */
export type RuleAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'session' }
  | { readonly kind: 'permission'; readonly permission: string; readonly controllerId: string | undefined; readonly folder: string | undefined };

export interface AuthRule {
  /** Line of the rule in the file (0 for the built-in rule), for diagnostics. */
  readonly line: number;
  readonly access: RuleAccess;
  /** Whether a granted verify counts as user activity (resets the idle timer, spec §4.2). */
  readonly activity: boolean;
  readonly hosts: readonly Matcher[] | null;
  readonly paths: readonly Matcher[];
  /** Upper-case methods; null = any. `GET` also admits `HEAD`. */
  readonly methods: ReadonlySet<string> | null;
}

export interface LoginSettings {
  /** Where browsers are sent when there is no session: absolute, or a path on Keyward; undefined = Keyward's `/`. */
  readonly url: string | undefined;
  /** Hosts (besides Keyward's own) that a login may send the browser back to. */
  readonly redirectHosts: readonly Matcher[];
}

export interface AuthRules {
  readonly file: string | undefined;
  readonly rules: readonly AuthRule[];
  readonly login: LoginSettings;
  readonly defaultActivity: boolean;
}

/**
 * Default of `activity` when neither the rule nor `defaults.activity` says: false. Like JS7 (spec §4.2: ordinary
 * calls do not touch, only user actions do), a request only keeps a session alive when the operator says it is a
 * user's action; background polling by a dashboard must not keep a session alive forever.
 */
export const DEFAULT_ACTIVITY = false;

const ACCESS_ANY_SESSION: RuleAccess = { kind: 'session' };
const ANY_PATH: readonly Matcher[] = [() => true];

/** Without KEYWARD_AUTH_RULES: every request needs a valid session and nothing more. */
export const BUILT_IN_RULES: AuthRules = {
  file: undefined,
  rules: [{ line: 0, access: ACCESS_ANY_SESSION, activity: DEFAULT_ACTIVITY, hosts: null, paths: ANY_PATH, methods: null }],
  login: { url: undefined, redirectHosts: [] },
  defaultActivity: DEFAULT_ACTIVITY,
};

/** The first rule matching the request (first match wins); undefined = no rule, which means deny (403). */
export function findRule(rules: AuthRules, method: string, host: string, path: string): AuthRule | undefined {
  for (const rule of rules.rules) {
    if (rule.methods !== null && !rule.methods.has(method)) continue;
    if (rule.hosts !== null && !anyMatches(rule.hosts, host)) continue;
    if (anyMatches(rule.paths, path)) return rule;
  }
  return undefined;
}

function anyMatches(matchers: readonly Matcher[], value: string): boolean {
  for (const m of matchers) if (m(value)) return true;
  return false;
}

export function loadAuthRules(file: string, catalogue: PermissionCatalogue): AuthRules {
  return parseAuthRules(readFileSync(file, 'utf8'), file, catalogue);
}

const METHOD = /^[A-Z]+$/;

/**
 * Parses, validates and compiles a rules file (docs/protecting-apps.md "Rules file"). Every pattern is compiled
 * here, once; the per-request work is a walk over compiled matchers. Throws a ConfigFileError naming the line.
 */
export function parseAuthRules(text: string, file: string, catalogue: PermissionCatalogue): AuthRules {
  const src: YamlSource = new YamlSource(file, text);
  if (src.root === null) src.fail(null, 'the rules file is empty; it needs a list "rules"');
  const top = src.map(src.root, 'the rules file', ['version', 'login', 'defaults', 'rules']);

  const version = top.get('version');
  if (version !== undefined && !(version.value !== null && 'value' in version.value && version.value.value === 1)) {
    src.fail(version.value ?? version.key, 'version must be 1');
  }

  let defaultActivity = DEFAULT_ACTIVITY;
  const defaults = top.get('defaults');
  if (defaults !== undefined) {
    const d = src.map(defaults.value, 'defaults', ['activity']);
    const activity = d.get('activity');
    if (activity !== undefined) defaultActivity = src.boolean(activity.value, 'defaults.activity');
  }

  let login: LoginSettings = { url: undefined, redirectHosts: [] };
  const loginField = top.get('login');
  if (loginField !== undefined) {
    const l = src.map(loginField.value, 'login', ['url', 'redirectHosts']);
    let url: string | undefined;
    const urlField = l.get('url');
    if (urlField !== undefined) {
      url = src.string(urlField.value, 'login.url');
      if (!isLoginUrl(url)) src.fail(urlField.value, `login.url "${url}" must be an http(s) URL or a path starting with "/"`);
    }
    const redirectHosts: Matcher[] = [];
    const hostsField = l.get('redirectHosts');
    if (hostsField !== undefined) {
      for (const h of src.strings(hostsField.value, 'login.redirectHosts')) {
        try {
          redirectHosts.push(compileHostPattern(h.value));
        } catch (err) {
          src.fail(h.node, `login.redirectHosts: ${(err as Error).message}`);
        }
      }
    }
    login = { url, redirectHosts };
  }

  const rulesField = top.get('rules');
  if (rulesField === undefined) src.fail(src.root, 'the rules file needs a list "rules"');
  const rules = src.seq(rulesField.value, 'rules').map((node, index): AuthRule => {
    const what = `rules[${index}]`;
    const f = src.map(node, what, ['host', 'path', 'methods', 'permission', 'controller', 'folder', 'public', 'activity']);
    const compile = (field: 'host' | 'path', compiler: (p: string) => Matcher): Matcher[] | null => {
      const entry = f.get(field);
      if (entry === undefined) return null;
      return src.strings(entry.value, `${what}.${field}`).map((p) => {
        try {
          return compiler(p.value);
        } catch (err) {
          return src.fail(p.node, `${what}.${field}: ${(err as Error).message}`);
        }
      });
    };
    const hosts = compile('host', compileHostPattern);
    const paths = compile('path', compilePathPattern) ?? ANY_PATH;

    let methods: Set<string> | null = null;
    const methodsField = f.get('methods');
    if (methodsField !== undefined) {
      methods = new Set();
      for (const m of src.strings(methodsField.value, `${what}.methods`)) {
        const method = m.value.toUpperCase();
        if (!METHOD.test(method)) src.fail(m.node, `${what}.methods: "${m.value}" is not an HTTP method`);
        methods.add(method);
        if (method === 'GET') methods.add('HEAD');
      }
    }

    const isPublic = f.has('public') ? src.boolean(f.get('public')?.value, `${what}.public`) : false;
    const permissionField = f.get('permission');
    const controllerField = f.get('controller');
    const folderField = f.get('folder');
    const activityField = f.get('activity');
    if (isPublic) {
      for (const [key, entry] of [['permission', permissionField], ['controller', controllerField], ['folder', folderField], ['activity', activityField]] as const) {
        if (entry !== undefined) src.fail(entry.key, `${what}: a public rule cannot have "${key}" (it needs no session)`);
      }
    }
    let access: RuleAccess = isPublic ? { kind: 'public' } : ACCESS_ANY_SESSION;
    if (permissionField !== undefined) {
      const permission = src.string(permissionField.value, `${what}.permission`);
      if (!isKnownPermissionPath(permission) && !catalogue.has(permission)) {
        src.fail(permissionField.value, `${what}.permission "${permission}" is neither in JS7's permission tree (spec §2.1) nor in the permission catalogue`);
      }
      const controllerId = controllerField === undefined ? undefined : src.string(controllerField.value, `${what}.controller`);
      let folder: string | undefined;
      if (folderField !== undefined) {
        const raw = src.string(folderField.value, `${what}.folder`);
        if (!raw.startsWith('/')) src.fail(folderField.value, `${what}.folder "${raw}" must start with "/"`);
        folder = normalizeFolderPath(raw);
      }
      access = { kind: 'permission', permission, controllerId, folder };
    } else {
      if (controllerField !== undefined) src.fail(controllerField.key, `${what}: "controller" needs a "permission"`);
      if (folderField !== undefined) src.fail(folderField.key, `${what}: "folder" needs a "permission"`);
    }
    const activity = activityField === undefined ? defaultActivity : src.boolean(activityField.value, `${what}.activity`);
    const line = src.lineOf(node);
    return { line, access, activity: isPublic ? false : activity, hosts, paths, methods };
  });

  return { file, rules, login, defaultActivity };
}

function isLoginUrl(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
