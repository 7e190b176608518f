// The pilot page's service worker (server/pwa.py), registered with scope /p/ only: the pilot
// page's shell and this build's bundle open without a network, and the pilot view last seen
// by this very link is answered from the cache when the network is gone. Nothing else is
// cached: no other API answer, no token (the pilot view is stored under a hash of it).
const VERSION = {{ version }};
const PRECACHE = {{ precache }};
const SHELL = "obeya-pilot-shell-" + VERSION;
const DATA = "obeya-pilot-data";
const SHELL_URL = "/p/";
const PILOT_VIEW = /^\/api\/workshops\/[^/]+\/pilot$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll([SHELL_URL, ...PRECACHE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("obeya-pilot-shell-") && k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

async function page(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    // every page route answers the same shell: the newest one stands in for all of them
    if (response.ok) await cache.put(SHELL_URL, response.clone());
    return response;
  } catch (error) {
    const shell = await cache.match(SHELL_URL);
    if (shell) return shell;
    throw error;
  }
}

async function asset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(SHELL)).put(request, response.clone());
  return response;
}

async function dataKey(request) {
  const auth = new TextEncoder().encode(request.headers.get("Authorization") || "");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", auth));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  return new URL(request.url).pathname + "?link=" + hex;
}

async function pilotView(request) {
  const key = await dataKey(request);
  const cache = await caches.open(DATA);
  let forward = request;
  if (request.headers.has("If-None-Match") && !(await cache.match(key))) {
    // nothing kept yet: ask for the body (not a 304) so there is a view to keep
    const headers = new Headers(request.headers);
    headers.delete("If-None-Match");
    forward = new Request(request, { headers });
  }
  let response;
  try {
    response = await fetch(forward);
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
  if (response.ok) {
    const body = await response.clone().json().catch(() => null);
    // only a pilot link's own view: a team link opened at /p/ reads more, and that stays online
    if (body && body.me && body.me.role === "pilot") {
      await cache.put(key, new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } }));
    }
  } else if (response.status === 401 || response.status === 403 || response.status === 404 || response.status === 410) {
    await cache.delete(key); // a revoked link or deleted workshop is not shown from the cache
  }
  return response;
}

// The page names the bundle's files it loaded before this worker controlled it (its board
// view's chunks): they are cached too, so the next start without a network finds them.
self.addEventListener("message", (event) => {
  const urls = Array.isArray(event.data && event.data.cache) ? event.data.cache : [];
  const own = urls.filter((u) => typeof u === "string" && u.startsWith(self.location.origin + "/static/app/"));
  event.waitUntil(
    caches.open(SHELL).then((cache) =>
      Promise.all(own.map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => undefined)))),
    ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/p/")) event.respondWith(page(request));
  else if (url.pathname.startsWith("/static/app/") || url.pathname.startsWith("/static/icons/")) event.respondWith(asset(request));
  else if (PILOT_VIEW.test(url.pathname)) event.respondWith(pilotView(request));
});
