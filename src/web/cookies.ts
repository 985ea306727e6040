// Cookie names and attributes in one place. Over https a cookie is named `__Host-…`: browsers accept such a cookie
// only with Secure, Path=/ and no Domain, so neither a sibling subdomain nor plain http can set or shadow it.
// The plain name set before is still read (readers are not lost) and expired whenever the new one is set.

export interface CookieOptions {
  /** The site is served over https. */
  secure: boolean;
  /** Omitted: a cookie for this browser session only (gone when the browser closes). */
  maxAgeSeconds?: number;
  /** Lax by default; Strict for the staff session (no cookie on any request another site starts). */
  sameSite?: 'Lax' | 'Strict';
}

/** The value of the cookie `name` in a Cookie header: the `__Host-` form first, then the plain one. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  let plain: string | undefined;
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === `__Host-${name}`) return value;
    if (key === name) plain ??= value;
  }
  return plain;
}

/** Set-Cookie values for `name=value` (HttpOnly, SameSite=Lax unless told); a Max-Age of 0 clears it. */
export function setCookie(name: string, value: string, options: CookieOptions): string[] {
  const sameSite = options.sameSite ?? 'Lax';
  const maxAge = options.maxAgeSeconds === undefined ? '' : `; Max-Age=${options.maxAgeSeconds}`;
  const attributes = `Path=/${maxAge}; HttpOnly; SameSite=${sameSite}`;
  if (!options.secure) return [`${name}=${value}; ${attributes}`];
  return [
    `__Host-${name}=${value}; ${attributes}; Secure`,
    `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=${sameSite}; Secure`,
  ];
}

/** Whether the request carries the cookie under its plain name only, so it should be set again under the new. */
export function onlyLegacyCookie(header: string | undefined, name: string): boolean {
  const names = (header ?? '').split(';').map((part) => part.split('=')[0]!.trim());
  return names.includes(name) && !names.includes(`__Host-${name}`);
}
