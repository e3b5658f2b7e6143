/**
 * A small HTTP client for the console tests: one cookie jar, no automatic redirects, and the
 * CSRF token read from the last page's forms.
 */
export interface Page {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** A browser-like client for one visitor. */
export class ConsoleClient {
  cookie: string | undefined;

  constructor(readonly base: string) {}

  /** Send a request; remembers the cookie the server sets. */
  async request(path: string, init: { method?: string; form?: Record<string, string | string[]>; body?: string; headers?: Record<string, string> } = {}): Promise<Page> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookie !== undefined) headers.cookie = `secgov_console=${this.cookie}`;
    let body: string | undefined = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const response = await fetch(this.base + path, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, redirect: 'manual', ...(body === undefined ? {} : { body }) });
    const set = response.headers.get('set-cookie');
    const match = set ? /secgov_console=([^;]*)/.exec(set) : null;
    if (match) this.cookie = match[1];
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** POST a form. */
  post(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<Page> {
    return this.request(path, { method: 'POST', form, headers });
  }

  /** The CSRF token of a page's forms. */
  static csrf(page: Page): string {
    const match = /name="csrf" value="([^"]+)"/.exec(page.text);
    if (!match) throw new Error(`no CSRF token on the page (status ${page.status})`);
    return match[1]!;
  }

  /** Sign in; returns the CSRF token of the signed-in session. */
  async signIn(user: string, password: string): Promise<string> {
    const form = await this.request('/sign-in');
    const result = await this.post('/sign-in', { csrf: ConsoleClient.csrf(form), user, password, next: '/' });
    if (result.status !== 303) throw new Error(`sign-in failed with ${result.status}`);
    return ConsoleClient.csrf(await this.request('/'));
  }
}

/** The visible text of some HTML, roughly: tags removed, entities of the escaper decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
