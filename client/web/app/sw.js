// The page's own files, kept on the phone so a reload without a network still opens the page and its outbox of
// results waiting to be sent. Network first (a new release reaches officers at once), this cache when offline.
// API answers are never cached: they carry personal data and must be fresh.

const CACHE = 'verivali-app-v1';
const SHELL = [
  '/app/',
  '/app/app.js',
  '/app/officer.js',
  '/app/field-form.js',
  '/app/validate.js',
  '/app/outbox.js',
  '/app/record-view.js',
  '/app/escalations.js',
  '/app/messages.js',
  '/web/styles.css',
  '/web/api.js',
  '/web/dom.js',
  '/web/i18n.js',
  '/web/field-rules.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('verivali-app-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const shell = url.origin === self.location.origin && event.request.method === 'GET' && (url.pathname.startsWith('/app/') || url.pathname.startsWith('/web/'));
  if (!shell) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          void caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        }
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? Response.error())),
  );
});
