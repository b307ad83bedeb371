// The default field manager of a request that names none, as the apiserver derives it.

/** The user agent up to its first "/": "kubectl" for "kubectl/v1.32.4 (linux/amd64) kubernetes/abc". */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const agent = userAgent ?? '';
  const slash = agent.indexOf('/');
  return slash === -1 ? agent : agent.slice(0, slash);
}
