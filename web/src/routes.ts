// Client-side routes (the server answers every unknown path with index.html). Pure: parse and build paths.

export type Route =
  | { name: 'home' }
  | { name: 'profile' }
  | { name: 'services' }
  | { name: 'accounts'; service: string }
  | { name: 'roles'; service: string }
  | { name: 'role'; service: string; role: string }
  | { name: 'service-settings'; service: string }
  | { name: 'fido-registrations'; service: string }
  | { name: 'mail' }
  | { name: 'global-settings' }
  | { name: 'blocklist' }
  | { name: 'sessions' }
  | { name: 'failed-logins' }
  | { name: 'audit-log' }
  | { name: 'not-found'; path: string };

const STATIC: Record<string, Route> = {
  '/': { name: 'home' },
  '/profile': { name: 'profile' },
  '/admin/services': { name: 'services' },
  '/admin/settings': { name: 'global-settings' },
  '/admin/blocklist': { name: 'blocklist' },
  '/admin/sessions': { name: 'sessions' },
  '/admin/failed-logins': { name: 'failed-logins' },
  '/admin/audit-log': { name: 'audit-log' },
  '/admin/mail': { name: 'mail' },
};

export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const fixed = STATIC[path];
  if (fixed) return fixed;
  const parts = path.split('/').slice(1).map(safeDecode);
  if (parts[0] === 'admin' && parts[1] === 'services' && parts[2] !== undefined && parts[2] !== '') {
    const service = parts[2];
    if (parts.length === 4 && parts[3] === 'accounts') return { name: 'accounts', service };
    if (parts.length === 4 && parts[3] === 'roles') return { name: 'roles', service };
    if (parts.length === 4 && parts[3] === 'settings') return { name: 'service-settings', service };
    if (parts.length === 4 && parts[3] === 'registrations') return { name: 'fido-registrations', service };
    if (parts.length === 5 && parts[3] === 'roles' && parts[4]) return { name: 'role', service, role: parts[4] };
  }
  return { name: 'not-found', path };
}

export const paths = {
  home: () => '/',
  profile: () => '/profile',
  services: () => '/admin/services',
  accounts: (service: string) => `/admin/services/${enc(service)}/accounts`,
  roles: (service: string) => `/admin/services/${enc(service)}/roles`,
  role: (service: string, role: string) => `/admin/services/${enc(service)}/roles/${enc(role)}`,
  serviceSettings: (service: string) => `/admin/services/${enc(service)}/settings`,
  fidoRegistrations: (service: string) => `/admin/services/${enc(service)}/registrations`,
  mail: () => '/admin/mail',
  globalSettings: () => '/admin/settings',
  blocklist: () => '/admin/blocklist',
  sessions: () => '/admin/sessions',
  failedLogins: () => '/admin/failed-logins',
  auditLog: () => '/admin/audit-log',
};

function enc(s: string): string {
  return encodeURIComponent(s);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
