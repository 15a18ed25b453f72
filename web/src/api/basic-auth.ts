// `Authorization: Basic base64(utf8("account:password"))` (spec §1.1). The server splits at the first ":", so the
// password may contain ":" but the account name may not (validated in validation/names.ts).

export function basicAuthorization(account: string, password: string): string {
  const bytes = new TextEncoder().encode(`${account}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `Basic ${btoa(binary)}`;
}
