// Consult service worker. The server replaces the configuration below with
// {"version": <hash of this deployment's files>, "shell": [urls of the app shell]}.
// It caches GET requests only: submissions go from the page to the API, never through here.
const CONFIG = self.CONSULT_CONFIG;
const CACHE = `consult-${CONFIG.version}`;
const PAGE = /^\/($|tablette$|merci$|c\/)/;
// Staff areas are never intercepted, and a page served to a logged-in user (the server marks it
// X-Consult-Private) is never stored: the next person on the device must not see it offline.
const STAFF = /^\/(equipe|saisie-papier|admin|connexion|deconnexion|mot-de-passe)(\/|$)/;
const isPrivate = (response) => response.headers.get('X-Consult-Private') === '1';
const NETWORK_TIMEOUT = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    for (const url of CONFIG.shell) {
      const response = await fetchToStore(url);
      if (!response.ok || isPrivate(response)) throw new Error(`${url}: ${response.status}`);
      await cache.put(url, response);
    }
    await carryOverPages(cache);
    await self.skipWaiting();
  })());
});

// A new deployment keeps every questionnaire page the previous one had cached: fresh from the
// network when possible, else the old copy, so an update never strands an offline tablet.
async function carryOverPages(cache) {
  for (const name of await caches.keys()) {
    if (name === CACHE || !name.startsWith('consult-')) continue;
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      if (await cache.match(request)) continue;
      const fresh = await fetchToStore(request.url).catch(() => null);
      const kept = fresh && fresh.ok && !isPrivate(fresh) ? fresh : await old.match(request);
      if (kept) await cache.put(request.url, kept);
    }
  }
}

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE && name.startsWith('consult-')) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  if (STAFF.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    if (PAGE.test(url.pathname)) event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith('/static/')) {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT);
    if (response.ok && response.type === 'basic' && !isPrivate(response)) {
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch {
    return (await cache.match(request.url))
      || (await cache.match(request.url, { ignoreSearch: true }))
      || (await cache.match('/tablette'))
      || new Response('Hors connexion : cette page n’a pas été enregistrée sur cet appareil.',
        { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

// What is stored is the page an anonymous visitor gets, even when staff are logged in on this
// browser (enrolling the tablet, say): their menu and session never reach the cache.
async function fetchToStore(url) {
  const response = await fetch(new Request(url, { cache: 'reload' }));
  if (!response.ok || !isPrivate(response)) return response;
  return fetch(new Request(url, { cache: 'reload', credentials: 'omit' }));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then((value) => { clearTimeout(timer); resolve(value); }, (error) => { clearTimeout(timer); reject(error); });
  });
}

// Pages asked for by the app (this page, the tablet's questionnaires): cached, then answered.
self.addEventListener('message', (event) => {
  const data = event.data || {};
  const reply = (value) => event.ports[0] && event.ports[0].postMessage(value);
  if (data.type === 'version') reply({ version: CONFIG.version });
  if (data.type === 'cache') event.waitUntil(cachePages(data.urls || []).then(reply));
});

async function cachePages(urls) {
  const cache = await caches.open(CACHE);
  const cached = [];
  for (const url of urls) {
    const target = new URL(url, location.origin);
    if (target.origin !== location.origin || !PAGE.test(target.pathname)) continue;
    const response = await fetchToStore(target.href).catch(() => null);
    if (response && response.ok && !isPrivate(response)) {
      await cache.put(target.href, response);
      cached.push(target.pathname + target.search);
    } else if (await cache.match(target.href)) {
      cached.push(target.pathname + target.search);
    }
  }
  return { version: CONFIG.version, cached };
}
