// The app's offline copy: what a newcomer needs without a network (contacts, the pages with
// the communities and the checklist, associations, the culture guide, the useful links, the
// coming events), kept in IndexedDB and
// kept current through the API's change feed, which the website serves on its own origin
// (/<lang>/app/changes.json). docs/website.md, "The offline copy".
//
// - First run: the feed without a cursor, paged (`since=` the cursor of the last page) until
//   a page has fewer items than the page size; then, at each sync, what changed since the
//   kept cursor: items are put, removals deleted. The first page of a download without a
//   cursor replaces the whole copy in the transaction that keeps it: the old copy stays
//   until the new one's first page has arrived (until the last one the offline page shows
//   nothing, as the copy is whole only then).
// - A cursor the feed refuses (400: not one of its own; 410: too old) or a new language or
//   audience: the copy is downloaded again, replacing the old as above.
// - It syncs when a page opens online (two seconds after it loaded; at most once a minute),
//   when the browser comes back online, and from the service worker where the browser offers background sync.
// - The coming events (dates move on with time) are read again from the calendar when the
//   feed says an event changed, and at least every few hours.
//
// In a page it also renders the copy into the offline page (#offline-copy). The same file
// runs in the service worker (importScripts), where there is no document.
(function (global) {
  "use strict";
  var DB_NAME = "velkomst-offline-copy";
  // 2: the culture guide and the useful links; a copy of version 1 is kept (and shown) until
  // the next sync downloads it again whole (its cursor is forgotten on the upgrade)
  var DB_VERSION = 2;
  var AREAS = ["pages", "contacts", "associations", "culture-guide", "links", "events"];
  // a row's store by its meta.type; every other item of the feed is a page
  var ROW_STORES = {
    "guide.Contact": "contacts",
    "directory.Association": "associations",
    "guide.CultureNote": "culture-guide",
    "guide.UsefulLink": "links",
  };
  var EVENT_TYPES = { "events.EventPage": true };
  var PAGE_SIZE = 100; // what the website asks of the feed (X-Page-Size says it)
  var MAX_PAGES = 1000; // a feed that never ends is a bug, not a reason to loop for ever
  var SYNC_AFTER = 60 * 1000; // a page opened sooner after a sync does not sync again
  var START_AFTER = 2000; // after the page has loaded
  var EVENTS_AFTER = 6 * 60 * 60 * 1000;
  var PAGES_CACHE = "velkomst-pages"; // sw.js: the pages kept for offline use

  function supported() {
    return typeof global.indexedDB !== "undefined" && typeof global.fetch === "function";
  }

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () {
        resolve(req.result);
      };
      req.onerror = function () {
        reject(req.error);
      };
    });
  }

  function done(tx) {
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () {
        resolve();
      };
      tx.onerror = tx.onabort = function () {
        reject(tx.error);
      };
    });
  }

  var opened = null;
  function open() {
    if (!opened) {
      var req = global.indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = function (event) {
        var db = req.result;
        AREAS.forEach(function (area) {
          if (!db.objectStoreNames.contains(area)) db.createObjectStore(area, { keyPath: "id" });
        });
        if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
        // a copy of an older version lacks areas the feed would never bring from its cursor:
        // the next sync downloads it again (replacing it once the first page is there)
        if (event.oldVersion > 0) req.transaction.objectStore("meta").delete("cursor");
      };
      opened = request(req).then(function (db) {
        // another version of the site upgrades the database: let it
        db.onversionchange = function () {
          db.close();
          opened = null;
        };
        return db;
      });
      opened.catch(function () {
        opened = null;
      });
    }
    return opened;
  }

  function readMeta(db) {
    var tx = db.transaction("meta", "readonly");
    var store = tx.objectStore("meta");
    var meta = {};
    return new Promise(function (resolve, reject) {
      var req = store.openCursor();
      req.onsuccess = function () {
        var cursor = req.result;
        if (!cursor) return resolve(meta);
        meta[cursor.key] = cursor.value;
        cursor.continue();
      };
      req.onerror = function () {
        reject(req.error);
      };
    });
  }

  function clear(db) {
    var tx = db.transaction(AREAS.concat("meta"), "readwrite");
    AREAS.concat("meta").forEach(function (name) {
      tx.objectStore(name).clear();
    });
    return done(tx);
  }

  function storeOf(item) {
    return ROW_STORES[item.meta && item.meta.type] || "pages";
  }

  // One page of the feed in one transaction, with the cursor after it: an interrupted sync
  // goes on from the last page it kept. The first page of a new download (`fresh`) replaces
  // the copy there was.
  function apply(db, answer, meta, fresh) {
    var tx = db.transaction(AREAS.concat("meta"), "readwrite");
    var events = false;
    if (fresh) {
      AREAS.concat("meta").forEach(function (name) {
        tx.objectStore(name).clear();
      });
    }
    answer.items.forEach(function (item) {
      var store = tx.objectStore(storeOf(item));
      if (item.meta && item.meta.change === "removed") store.delete(item.id);
      else store.put(item);
      if (item.meta && EVENT_TYPES[item.meta.type]) events = true;
    });
    var metaStore = tx.objectStore("meta");
    Object.keys(meta).forEach(function (key) {
      metaStore.put(meta[key], key);
    });
    metaStore.put(answer.meta.next, "cursor");
    if (events) metaStore.put(0, "eventsAt");
    return done(tx);
  }

  function feedUrl(lang, cursor) {
    return "/" + lang + "/app/changes.json" + (cursor ? "?since=" + encodeURIComponent(cursor) : "");
  }

  function get(url) {
    return global.fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
  }

  function Refused(status) {
    this.status = status;
  }

  // Follow the feed from the kept cursor to its end. Resolves to the number of items read.
  function follow(db, lang) {
    var read = 0;
    var restarted = false;
    function step(meta, pages) {
      if (pages > MAX_PAGES) throw new Error("the feed did not end");
      return get(feedUrl(lang, meta.cursor)).then(function (response) {
        var key = response.headers.get("X-Offline-Copy");
        if ((response.status === 400 || response.status === 410) && meta.cursor && !restarted) {
          // a cursor the feed does not know, or no longer: download everything again
          restarted = true;
          return step({}, pages + 1);
        }
        if (!response.ok) throw new Refused(response.status);
        if (meta.cursor && meta.key && key && key !== meta.key) {
          // the audience changed (the visitor answered again): a new copy
          restarted = true;
          return step({}, pages + 1);
        }
        var size = parseInt(response.headers.get("X-Page-Size"), 10) || PAGE_SIZE;
        return response.json().then(function (answer) {
          read += answer.items.length;
          var last = answer.items.length < size;
          var kept = { lang: lang, key: key || meta.key || "" };
          if (last) kept.syncedAt = Date.now();
          return apply(db, answer, kept, !meta.cursor).then(function () {
            if (last) return read;
            return step({ cursor: answer.meta.next, key: kept.key }, pages + 1);
          });
        });
      });
    }
    return readMeta(db).then(function (meta) {
      if (meta.lang && meta.lang !== lang) {
        return step({}, 0);
      }
      return step(meta, 0);
    });
  }

  // The coming events as the calendar lists them, replacing the kept ones.
  function refreshEvents(db, lang, force) {
    return readMeta(db).then(function (meta) {
      if (!force && meta.eventsAt && Date.now() - meta.eventsAt < EVENTS_AFTER) return;
      return get("/" + lang + "/app/events.json").then(function (response) {
        if (!response.ok) return;
        return response.json().then(function (answer) {
          var tx = db.transaction(["events", "meta"], "readwrite");
          var store = tx.objectStore("events");
          store.clear();
          answer.items.forEach(function (item, n) {
            // one item per date: an event's id repeats, and imported events count apart
            store.put({ id: n, event: item });
          });
          tx.objectStore("meta").put(Date.now(), "eventsAt");
          return done(tx);
        });
      });
    });
  }

  function locked(work) {
    if (global.navigator && global.navigator.locks) {
      return global.navigator.locks.request("velkomst-offline-copy", work);
    }
    return work();
  }

  var running = null;
  // Bring the copy up to date (in `lang`, else the language it is in). Resolves to
  // {read: items read from the feed, syncedAt}; rejects when the network or the API fails.
  function sync(lang, options) {
    if (!supported()) return Promise.reject(new Error("no IndexedDB"));
    options = options || {};
    if (running) return running;
    running = open()
      .then(function (db) {
        return locked(function () {
          return readMeta(db).then(function (meta) {
            lang = lang || meta.lang;
            if (!lang) return { read: 0, syncedAt: null };
            // (whatever its language: a visitor going back and forth between languages
            // downloads the copy again at most once a minute)
            var fresh = meta.syncedAt && Date.now() - meta.syncedAt < SYNC_AFTER;
            if (options.ifStale && fresh) return { read: 0, syncedAt: meta.syncedAt };
            return follow(db, lang).then(function (read) {
              return refreshEvents(db, lang, options.force).then(function () {
                return readMeta(db).then(function (after) {
                  return { read: read, syncedAt: after.syncedAt };
                });
              });
            });
          });
        });
      })
      .then(
        function (result) {
          running = null;
          return result;
        },
        function (error) {
          running = null;
          throw error;
        }
      );
    return running;
  }

  function all(db, area) {
    return request(db.transaction(area, "readonly").objectStore(area).getAll());
  }

  // Everything kept: {meta, pages, contacts, associations, "culture-guide", links, events}.
  function read() {
    if (!supported()) return Promise.resolve(null);
    return open().then(function (db) {
      return Promise.all(
        [readMeta(db)].concat(
          AREAS.map(function (area) {
            return all(db, area);
          })
        )
      ).then(function (found) {
        var copy = { meta: found[0] };
        AREAS.forEach(function (area, n) {
          copy[area] = found[n + 1];
        });
        return copy;
      });
    });
  }

  global.VelkomstOfflineCopy = {
    sync: sync,
    read: read,
    clear: function () {
      return open().then(function (db) {
        return locked(function () {
          return clear(db);
        });
      });
    },
    DB_NAME: DB_NAME,
  };

  if (typeof document === "undefined") return; // the service worker: no page to render

  // --- in a page -------------------------------------------------------------------------
  var lang = document.documentElement.lang;
  var view = document.getElementById("offline-copy");

  // A sync that failed (no network, the site down) is left to the service worker, which the
  // browser wakes when the network is back (background sync, where there is one).
  function later() {
    if (!global.navigator.serviceWorker) return;
    navigator.serviceWorker.ready
      .then(function (registration) {
        if (registration.sync) return registration.sync.register("offline-copy");
      })
      .catch(function () {});
  }

  function syncNow(options) {
    return sync(lang, options).catch(later);
  }

  if (!view) {
    // once the page has what it needs: the copy is for later, the page is for now
    var start = function () {
      global.setTimeout(function () {
        if (navigator.onLine !== false) syncNow({ ifStale: true });
      }, START_AFTER);
    };
    if (document.readyState === "complete") start();
    else global.addEventListener("load", start);
    global.addEventListener("online", function () {
      syncNow();
    });
    // the installed app asks the browser not to evict the copy when space runs short
    if (navigator.storage && navigator.storage.persist && global.matchMedia("(display-mode: standalone)").matches) {
      navigator.storage.persist().catch(function () {});
    }
    return;
  }

  // --- the offline page ------------------------------------------------------------------
  function text(name) {
    return view.getAttribute("data-" + name) || "";
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // as the website writes dates (website/i18n.py: English the European way)
  var LOCALES = { da: "da-DK", en: "en-GB", de: "de-DE" };
  var EVENTS_SHOWN = 8;

  function when(value, withTime) {
    var options = { weekday: "long", day: "numeric", month: "long", timeZone: "Europe/Copenhagen" };
    if (withTime) {
      options.hour = "2-digit";
      options.minute = "2-digit";
      options.hourCycle = "h23";
    }
    try {
      return new Intl.DateTimeFormat(LOCALES[lang] || lang, options).format(new Date(value));
    } catch (e) {
      return new Date(value).toLocaleString();
    }
  }

  function sortBy(items, key) {
    return items.slice().sort(function (a, b) {
      return String(key(a)).localeCompare(String(key(b)), lang);
    });
  }

  function pathOf(url) {
    try {
      return new URL(url, location.href).pathname;
    } catch (e) {
      return "";
    }
  }

  // the site's own address of a page, where the website has one (sw.js keeps it there)
  function address(page) {
    var type = page.meta.type;
    if (type === "events.EventPage") return "/" + lang + "/events/" + page.id + "/";
    if (type === "communities.CommunityPage") return "/" + lang + "/communities/" + page.meta.slug + "/";
    if (type === "guide.ChecklistPage") return "/" + lang + "/checklist/";
    return pathOf(page.meta.html_url || "");
  }

  function keptPaths() {
    if (!global.caches) return Promise.resolve({});
    return caches
      .open(PAGES_CACHE)
      .then(function (cache) {
        return cache.keys();
      })
      .then(function (keys) {
        var paths = {};
        keys.forEach(function (key) {
          paths[new URL(key.url).pathname] = true;
        });
        return paths;
      })
      .catch(function () {
        return {};
      });
  }

  function section(id, heading, list) {
    return el("section", { "aria-labelledby": id, class: "offline-section" }, [el("h2", { id: id }, [heading]), list]);
  }

  function contactItem(contact) {
    var lines = [el("strong", {}, [contact.name])];
    var role = [contact.role, contact.department].filter(Boolean).join(", ");
    if (role) lines.push(el("span", {}, [role]));
    if (contact.phone) {
      lines.push(
        el("a", { href: "tel:" + contact.phone.replace(/[^+\d]/g, ""), class: "offline-phone" }, [
          contact.phone,
        ])
      );
    }
    if (contact.email) lines.push(el("a", { href: "mailto:" + contact.email }, [contact.email]));
    return el("li", { class: "offline-contact" }, lines);
  }

  function eventItem(entry, kept) {
    var event = entry.event;
    var path = "/" + lang + "/events/" + event.id + "/";
    var title = event.meta && event.meta.type === "events.EventPage" && kept[path] ? el("a", { href: path }, [event.title]) : event.title;
    var place = event.place ? [event.place.name, event.place.address].filter(Boolean).join(", ") : "";
    return el("li", {}, [
      el("strong", {}, [title]),
      el("span", {}, [when(event.start, !event.all_day)]),
      place ? el("span", {}, [place]) : null,
    ]);
  }

  var SHORT = 200; // characters of a culture note's answer shown

  // the first paragraph of a note's answer (plain text), cut at a word
  function short(answer) {
    var first = String(answer || "").split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
    if (first.length <= SHORT) return first;
    var cut = first.slice(0, SHORT);
    return cut.slice(0, cut.lastIndexOf(" ") > 0 ? cut.lastIndexOf(" ") : SHORT).replace(/[\s,.;:]+$/, "") + "\u2026";
  }

  function noteItem(note) {
    return el("li", {}, [el("strong", {}, [note.question]), el("span", {}, [short(note.answer)])]);
  }

  function linkItem(link) {
    return el("li", {}, [
      el("a", { href: link.url }, [link.label]),
      link.description ? el("span", {}, [link.description]) : null,
    ]);
  }

  function pageItem(page, kept) {
    var path = address(page);
    return el("li", {}, [kept[path] ? el("a", { href: path }, [page.title]) : page.title]);
  }

  function pageSection(id, heading, className, pages, kept) {
    return section(
      id,
      heading,
      el(
        "ul",
        { class: className },
        pages.map(function (page) {
          return pageItem(page, kept);
        })
      )
    );
  }

  function render(copy, kept) {
    var now = Date.now();
    var parts = [];
    var contacts = sortBy(copy.contacts, function (c) {
      return c.name;
    });
    if (contacts.length) {
      parts.push(section("offline-contacts", text("contacts"), el("ul", { class: "offline-list offline-cards" }, contacts.map(contactItem))));
    }
    var events = copy.events
      .filter(function (entry) {
        return new Date(entry.event.end || entry.event.start).getTime() >= now;
      })
      .sort(function (a, b) {
        return new Date(a.event.start) - new Date(b.event.start);
      })
      .slice(0, EVENTS_SHOWN);
    if (events.length) {
      parts.push(
        section(
          "offline-events",
          text("events"),
          el(
            "ul",
            { class: "offline-list offline-cards" },
            events.map(function (entry) {
              return eventItem(entry, kept);
            })
          )
        )
      );
    }
    var communities = sortBy(
      copy.pages.filter(function (page) {
        return page.meta.type === "communities.CommunityPage";
      }),
      function (page) {
        return page.title;
      }
    );
    if (communities.length) {
      parts.push(pageSection("offline-communities", text("communities"), "offline-list offline-columns", communities, kept));
    }
    // the culture guide and the useful links: the feed gives no order of the guide's own
    // (sort_order is not in its items), so by title, the links by their group first
    var notes = sortBy(copy["culture-guide"] || [], function (note) {
      return note.question;
    });
    if (notes.length) {
      parts.push(section("offline-culture", text("culture"), el("ul", { class: "offline-list offline-cards" }, notes.map(noteItem))));
    }
    var links = (copy.links || []).slice().sort(function (a, b) {
      return String(a.group_label).localeCompare(String(b.group_label), lang) || String(a.label).localeCompare(String(b.label), lang);
    });
    if (links.length) {
      parts.push(section("offline-links", text("links"), el("ul", { class: "offline-list offline-cards" }, links.map(linkItem))));
    }
    var shown = { "communities.CommunityPage": true, "events.EventPage": true };
    var others = sortBy(
      copy.pages.filter(function (page) {
        return !shown[page.meta.type] && kept[address(page)];
      }),
      function (page) {
        return page.title;
      }
    );
    if (others.length) {
      parts.push(pageSection("offline-kept", text("kept"), "offline-list", others, kept));
    }
    var from = when(copy.meta.syncedAt, true);
    view.textContent = "";
    view.appendChild(el("p", { class: "notice", role: "status" }, [text("from").replace("%(date)s", from)]));
    parts.forEach(function (part) {
      view.appendChild(part);
    });
    view.hidden = false;
  }

  read()
    .then(function (copy) {
      if (!copy || !copy.meta.syncedAt || copy.meta.lang !== lang) return;
      return keptPaths().then(function (kept) {
        render(copy, kept);
      });
    })
    .catch(function () {});
})(typeof self !== "undefined" ? self : this);
