/**
 * Which addresses RxRadar may talk to on its own (list feeds, the report endpoint): https
 * anywhere, plain http only on this machine (a local intake server or test feed). No user name or
 * password in the address: it would be stored and shown in the options page.
 */
export function remoteUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a valid address';
  }
  if (u.username || u.password) return 'must not hold a user name or password';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]')) return null;
  return 'must be an https:// address';
}
