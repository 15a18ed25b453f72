// Breadcrumb and tabs shared by the pages of one identity service (accounts, roles, settings).
import type { IdentityService } from '../api/types.js';
import { Link } from '../router.js';
import { paths } from '../routes.js';
import { useSession } from '../session/session-context.js';
import { useResource, type Resource } from '../ui/use-resource.js';
import { hasSettings } from './service-types.js';

export function useIdentityService(name: string): Resource<IdentityService> {
  const { api } = useSession();
  return useResource(() => api.call<IdentityService>('/iam/identityservice', { identityServiceName: name }), [api, name]);
}

export function ServiceBreadcrumb({ service, extra }: { service: string; extra?: { label: string; to: string } }) {
  return (
    <ol>
      <li>
        <Link to={paths.services()}>Identity services</Link>
      </li>
      <li>
        <Link to={paths.accounts(service)}>{service}</Link>
      </li>
      {extra ? (
        <li>
          <Link to={extra.to}>{extra.label}</Link>
        </li>
      ) : null}
    </ol>
  );
}

export function ServiceTabs({ service, type, current }: { service: string; type: string | undefined; current: 'accounts' | 'roles' | 'settings' | 'registrations' }) {
  const tabs = [
    { key: 'accounts', label: 'Accounts', to: paths.accounts(service) },
    { key: 'roles', label: 'Roles and permissions', to: paths.roles(service) },
    ...(type === 'FIDO' ? [{ key: 'registrations', label: 'Pending requests', to: paths.fidoRegistrations(service) }] : []),
    ...(type && hasSettings(type) ? [{ key: 'settings', label: 'Settings', to: paths.serviceSettings(service) }] : []),
  ];
  return (
    <nav className="sub-nav" aria-label={`Identity service ${service}`}>
      {tabs.map((t) => (
        <Link key={t.key} to={t.to} className={t.key === current ? 'sub-nav-link sub-nav-link-current' : 'sub-nav-link'} aria-current={t.key === current ? 'page' : undefined}>
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
