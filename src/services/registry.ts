import type { ServiceType } from '../store/index.js';
import type { IdentityServiceType } from './identity-service-type.js';

/**
 * Type name → module. A new identity service type is a folder under services/ plus one line here.
 * Types without a module yet are listed by `/iam/identityservices` only when registered here.
 */
const modules = new Map<ServiceType, IdentityServiceType>();

export function registerServiceType(module: IdentityServiceType): void {
  modules.set(module.type, module);
}

export function serviceTypeModule(type: string): IdentityServiceType | undefined {
  return modules.get(type as ServiceType);
}

export function registeredServiceTypes(): ServiceType[] {
  return [...modules.keys()];
}

