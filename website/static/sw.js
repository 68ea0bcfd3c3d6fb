// The service worker that makes the site an app which opens without a network.
// Served at /sw.js by website/views/app_shell.py, which puts VERSION and CONFIG (the offline
// page of each language and the versioned static files) in front of this source.
//
// Pages: network first; each page that opened is kept, so that it opens offline later (and
// in place of a server error).
// Static files: their URLs carry a content hash, so a kept copy is always right.
// Offline with nothing kept: the offline page in the language of the address.
/* global VERSION, CONFIG */
"use strict";

var SHELL = "velkomst-shell-" + VERSION;
// Pages survive a new version: a page kept before an update should still open offline.
var PAGES = "velkomst-pages";
var PAGES_KEPT = 60;

// The offline copy (js/offline-copy.js): the same code as in the pages, for background sync.
try {
  importScripts(CONFIG.offlineCopy);
} catch (e) {
  // without it the pages still sync the copy when they open
}

self.addEventListener("install", function (event) {
  var offlinePages = Object.keys(CONFIG.offline).map(function (lang) {
    return CONFIG.offline[lang];
  });
  event.waitUntil(
    caches
      .open(SHELL)
      .then(function (cache) {
        return cache.addAll(offlinePages.concat(CONFIG.static));
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("velkomst-") === 0 && name !== SHELL && name !== PAGES;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function isPage(request) {
  return request.mode === "navigate" || (request.headers.get("Accept") || "").indexOf("text/html") !== -1;
}

// The site's pages live under their language (/da/, /en/, /de/); anything else on this origin
// (the preview, and the CMS's admin, API and media when they share the domain) is not kept.
function languageOf(url) {
  var first = url.pathname.split("/")[1];
  return CONFIG.offline[first] ? first : null;
}

// A response that followed a redirect cannot answer a navigation: keep a plain copy.
function plain(response) {
  if (!response.redirected) return Promise.resolve(response);
  return response.blob().then(function (body) {
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  });
}

function keepPage(request, response) {
  return plain(response).then(function (copy) {
    return caches.open(PAGES).then(function (cache) {
      return cache
        .put(request.url, copy)
        .then(function () {
          return cache.keys();
        })
        .then(function (keys) {
          // the oldest pages go first when there are too many
          return Promise.all(
            keys.slice(0, Math.max(0, keys.length - PAGES_KEPT)).map(function (key) {
              return cache.delete(key);
            })
          );
        });
    });
  });
}

function kept(request) {
  return caches.match(request.url, { cacheName: PAGES, ignoreVary: true });
}

function page(event) {
  var request = event.request;
  return fetch(request)
    .then(function (response) {
      // a personal page (a newcomer's account) says no-store: it is never kept
      var noStore = /no-store/.test(response.headers.get("Cache-Control") || "");
      if (response.ok && response.type === "basic" && !noStore) {
        event.waitUntil(keepPage(request, response.clone()));
      }
      if (response.status < 500) return response;
      // the site cannot answer just now: the page as it was is better than an error
      return kept(request).then(function (copy) {
        return copy || response;
      });
    })
    .catch(function () {
      return kept(request).then(function (copy) {
        return copy || caches.match(CONFIG.offline[languageOf(new URL(request.url))], { cacheName: SHELL });
      });
    });
}

function staticFile(request) {
  return caches.match(request, { cacheName: SHELL }).then(function (copy) {
    if (copy) return copy;
    return fetch(request).catch(function () {
      // an older page asks for an older version of a file: the current one serves it
      return caches.match(request, { cacheName: SHELL, ignoreSearch: true });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  // Other origins (the API, map tiles, videos) and anything but GET go to the network as they are.
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf(CONFIG.assets) === 0) {
    event.respondWith(staticFile(request));
  } else if (isPage(request) && languageOf(url)) {
    event.respondWith(page(event));
  }
});

// The offline copy syncs in the background: when the network comes back after a page could
// not sync it (`sync`), and now and then where the browser offers it (`periodicsync`).
function syncCopy(event) {
  if (event.tag !== "offline-copy" || !self.VelkomstOfflineCopy) return;
  event.waitUntil(self.VelkomstOfflineCopy.sync(null, {}));
}
self.addEventListener("sync", syncCopy);
self.addEventListener("periodicsync", syncCopy);

// Reminders and invitations (docs/reminders.md): the CMS pushes {title, body, url}, an
// invitation also {opt_out_url, opt_out_label}; a click opens the url (in a window of the
// site already open, if there is one), the opt-out action the opt-out page.
self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(data.title || "Velkomst", {
      body: data.body || "",
      data: { url: data.url || "/", optOut: data.opt_out_url || "" },
      actions: data.opt_out_url ? [{ action: "opt-out", title: data.opt_out_label }] : [],
    })
  );
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var data = event.notification.data || {};
  var url = event.action === "opt-out" && data.optOut ? data.optOut : data.url || "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
      for (var i = 0; i < open.length; i++) {
        if (open[i].url === url && "focus" in open[i]) return open[i].focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
