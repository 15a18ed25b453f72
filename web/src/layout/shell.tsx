// Console frame: header (account, idle countdown, Logout), left navigation filtered by permissions, page area.
import { useEffect, useRef, type ReactNode } from 'react';
import { navigate, usePathname, Link } from '../router.js';
import { parseRoute, paths, type Route } from '../routes.js';
import { PERM, useSession } from '../session/session-context.js';
import { IdleCountdown, SessionWarning } from './session-status.js';
import { ProfilePage } from '../profile/profile-page.js';
import { ServicesPage } from '../admin/services-page.js';
import { AccountsPage } from '../admin/accounts-page.js';
import { RolesPage } from '../admin/roles-page.js';
import { RolePage } from '../admin/role-page.js';
import { ServiceSettingsPage } from '../admin/service-settings-page.js';
import { GlobalSettingsPage } from '../admin/global-settings-page.js';
import { BlocklistPage } from '../admin/blocklist-page.js';
import { SessionsPage } from '../admin/sessions-page.js';
import { FailedLoginsPage } from '../admin/failed-logins-page.js';
import { AuditLogPage } from '../admin/audit-log-page.js';
import { FidoRegistrationsPage } from '../admin/fido-registrations-page.js';
import { MailPage } from '../admin/mail-page.js';

interface NavItem {
  to: string;
  label: string;
  visible: boolean;
  /** Route names that highlight this item. */
  routes: Route['name'][];
}

export function Shell() {
  const { session, can, logout } = useSession();
  const pathname = usePathname();
  const route = parseRoute(pathname);
  const mainRef = useRef<HTMLElement>(null);
  const canAccounts = can(PERM.accountsView);
  const canSettings = canAccounts || can(PERM.settingsView);
  const canAudit = can(PERM.auditLogView);

  useEffect(() => {
    if (route.name === 'home') navigate(canAccounts ? paths.services() : paths.profile(), { replace: true });
  }, [route.name, canAccounts]);

  // Move focus to the page heading after navigation so keyboard and screen-reader users land on the new page.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);

  const admin: NavItem[] = [
    { to: paths.services(), label: 'Identity services', visible: canAccounts, routes: ['services', 'accounts', 'roles', 'role', 'service-settings', 'fido-registrations'] },
    { to: paths.globalSettings(), label: 'Global settings', visible: canSettings, routes: ['global-settings'] },
    { to: paths.blocklist(), label: 'Blocklist', visible: canAccounts, routes: ['blocklist'] },
    { to: paths.sessions(), label: 'Active sessions', visible: canAccounts, routes: ['sessions'] },
    { to: paths.failedLogins(), label: 'Failed logins', visible: canAudit, routes: ['failed-logins'] },
    { to: paths.auditLog(), label: 'Audit log', visible: canAudit, routes: ['audit-log'] },
    { to: paths.mail(), label: 'Mail', visible: canAccounts, routes: ['mail'] },
  ];
  const visibleAdmin = admin.filter((i) => i.visible);

  const navLink = (item: NavItem) => {
    const current = item.routes.includes(route.name);
    return (
      <li key={item.to}>
        <Link to={item.to} className={current ? 'nav-link nav-link-current' : 'nav-link'} aria-current={current ? 'page' : undefined}>
          {item.label}
        </Link>
      </li>
    );
  };

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">K</span>
          <span>Keyward</span>
        </Link>
        <div className="header-session">
          <IdleCountdown />
          <Link to={paths.profile()} className="header-account">
            <span className="avatar" aria-hidden="true">{session.account.slice(0, 1).toUpperCase()}</span>
            <span className="visually-hidden">Profile of </span>
            <span>
              <span className="header-account-name">{session.account}</span>
              <span className="header-account-service">{session.identityServiceName}</span>
            </span>
          </Link>
          <button type="button" className="button button-small" onClick={() => void logout()}>
            Logout
          </button>
        </div>
      </header>
      <div className="shell-body">
        <nav className="side-nav" aria-label="Main">
          <ul>{navLink({ to: paths.profile(), label: 'My profile', visible: true, routes: ['profile'] })}</ul>
          {visibleAdmin.length > 0 ? (
            <>
              <h2 className="nav-heading">Administration</h2>
              <ul>{visibleAdmin.map(navLink)}</ul>
            </>
          ) : null}
        </nav>
        <main id="main" ref={mainRef} className="main" tabIndex={-1}>
          <SessionWarning />
          <RouteView route={route} canAccounts={canAccounts} canSettings={canSettings} canAudit={canAudit} />
        </main>
      </div>
    </div>
  );
}

function RouteView({ route, canAccounts, canSettings, canAudit }: { route: Route; canAccounts: boolean; canSettings: boolean; canAudit: boolean }) {
  const denied = (what: string): ReactNode => <NoAccess what={what} />;
  switch (route.name) {
    case 'home':
      return null;
    case 'profile':
      return <ProfilePage />;
    case 'services':
      return canAccounts ? <ServicesPage /> : denied('identity services');
    case 'accounts':
      return canAccounts ? <AccountsPage service={route.service} /> : denied('accounts');
    case 'roles':
      return canAccounts ? <RolesPage service={route.service} /> : denied('roles');
    case 'role':
      return canAccounts ? <RolePage service={route.service} role={route.role} /> : denied('roles');
    case 'service-settings':
      return canAccounts ? <ServiceSettingsPage service={route.service} /> : denied('identity service settings');
    case 'fido-registrations':
      return canAccounts ? <FidoRegistrationsPage service={route.service} /> : denied('pending registration requests');
    case 'mail':
      return canAccounts ? <MailPage /> : denied('mail');
    case 'global-settings':
      return canSettings ? <GlobalSettingsPage /> : denied('global settings');
    case 'blocklist':
      return canAccounts ? <BlocklistPage /> : denied('the blocklist');
    case 'sessions':
      return canAccounts ? <SessionsPage /> : denied('active sessions');
    case 'failed-logins':
      return canAudit ? <FailedLoginsPage /> : denied('failed logins');
    case 'audit-log':
      return canAudit ? <AuditLogPage /> : denied('the audit log');
    case 'not-found':
      return (
        <section>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>
            There is no page at <code>{route.path}</code>. <Link to="/">Go to the start page</Link>.
          </p>
        </section>
      );
  }
}

function NoAccess({ what }: { what: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>No access</h1>
      <p>Your roles do not allow you to view {what}. Ask an administrator for the permission if you need it.</p>
    </section>
  );
}
