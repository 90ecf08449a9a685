// Talking to the planner: every request carries the signed-in Authorization header (kept in
// sessionStorage: gone when the tab closes), and the live stream is read with fetch so that header can
// be sent (EventSource cannot send headers).

const AUTH = 'backfill.dashboard.authorization';
const USER = 'backfill.dashboard.user';

export function signIn(user, secret) {
  let header;
  if (/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(secret) && !user) {
    header = 'Bearer ' + secret;            // a pasted JWT
  } else if (secret.startsWith('Bearer ')) {
    header = secret;
  } else {
    header = 'Basic ' + btoa(unescape(encodeURIComponent(user + ':' + secret)));
  }
  sessionStorage.setItem(AUTH, header);
  sessionStorage.setItem(USER, user || '');
}

export function signOut() {
  sessionStorage.removeItem(AUTH);
  sessionStorage.removeItem(USER);
}

export function signedInUser() {
  return sessionStorage.getItem(USER) || null;
}

function headers(extra = {}) {
  const h = { Accept: 'application/json', ...extra };
  const auth = sessionStorage.getItem(AUTH);
  if (auth) h.Authorization = auth;
  return h;
}

/** GET a JSON document; resolves to {status, body} (body null when not JSON). */
export async function get(path) {
  const response = await fetch(path, { headers: headers(), cache: 'no-store' });
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  return { status: response.status, body };
}

/** POST a command; resolves to {status, body}. */
export async function post(path) {
  const response = await fetch(path, { method: 'POST', headers: headers() });
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  return { status: response.status, body };
}

/**
 * Follows a server-sent event stream, calling onEvent(parsed data) for every event, onState(true/false)
 * as the connection opens and drops, and reconnecting with a growing pause (1 s to 15 s).
 */
export function follow(path, onEvent, onState) {
  let pause = 1000;
  let stopped = false;
  let abort = null;
  async function connect() {
    while (!stopped) {
      try {
        abort = new AbortController();
        const response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), cache: 'no-store', signal: abort.signal });
        if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
        onState(true);
        pause = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
            if (data) {
              try { onEvent(JSON.parse(data)); } catch (e) { console.warn('bad event', data, e); }
            }
          }
        }
      } catch (e) {
        console.info('stream dropped:', e.message);
      }
      if (stopped) return;
      onState(false);
      await new Promise(r => setTimeout(r, pause));
      pause = Math.min(pause * 2, 15000);
    }
  }
  connect();
  return () => { stopped = true; if (abort) abort.abort(); };
}
