// "Manage settings" of one identity service: loads its IAM configuration row and shows the form of its type.
import { iam } from '../api/iam-api.js';
import { Link } from '../router.js';
import { paths } from '../routes.js';
import { PERM, useSession } from '../session/session-context.js';
import { LoadState, PageHeader } from '../ui/page.js';
import { useToast } from '../ui/toast.js';
import { useResource } from '../ui/use-resource.js';
import { settingsFormFor } from './settings/index.js';
import { ServiceBreadcrumb, ServiceTabs, useIdentityService } from './service-nav.js';

export function ServiceSettingsPage({ service }: { service: string }) {
  const { api, can } = useSession();
  const toast = useToast();
  const svc = useIdentityService(service);
  const type = svc.data?.identityServiceType;
  const Form = type ? settingsFormFor(type) : null;
  const settings = useResource(async () => {
    if (!type || !settingsFormFor(type)) return {};
    const answer = await iam.serviceSettings(api, type, service);
    return parseItem(answer.configuration?.configurationItem);
  }, [api, type, service]);

  return (
    <section>
      <PageHeader breadcrumb={<ServiceBreadcrumb service={service} />} title={`Settings of ${service}`} description={type ? `${type} service` : undefined} />
      <ServiceTabs service={service} type={type} current="settings" />
      <LoadState loading={svc.loading && !svc.data} error={svc.error} onRetry={svc.reload} what="The identity service" />
      {type && !Form ? (
        <p>
          {type} services have no settings of their own. Session and password rules are on the <Link to={paths.globalSettings()}>global settings</Link> page.
        </p>
      ) : null}
      {type && Form ? (
        <>
          <LoadState loading={settings.loading && !settings.data} error={settings.error} onRetry={settings.reload} what="Settings" />
          {settings.data ? (
            <Form
              serviceName={service}
              serviceType={type}
              item={settings.data}
              readOnly={!can(PERM.accountsManage)}
              onSave={async (item) => {
                await iam.saveServiceSettings(api, type, service, JSON.stringify(item));
                toast.success(`Settings of ${service} saved.`);
                settings.reload();
              }}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function parseItem(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
