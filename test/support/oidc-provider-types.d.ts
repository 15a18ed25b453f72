// Minimal typings for oidc-provider 9 (the package ships none), only what test/support/oidc-provider-fixture.ts uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderContext {
    path: string;
    method: string;
    status: number;
    body: unknown;
    oidc?: { client?: { clientId: string } };
  }

  export type ProviderMiddleware = (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>;

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    readonly issuer: string;
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: ProviderMiddleware): void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
