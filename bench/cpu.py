"""CPU time per request, in-process: each URL asked uncached (the response cache off) a
number of times after three warm-up requests, the median of `time.process_time()` per
request. SQLite runs in the process, so its time is counted; other processes' load on the
machine is not, which makes it the measure to compare code on a busy machine (gunicorn and
wrk in `bench/run.py` measure what clients see).

    BENCH_DATABASE_URL=sqlite:///var/bench-events.sqlite3 BENCH_CACHE_URL=locmemcache:// \\
        .venv/bin/python bench/cpu.py /api/v2/events/ /api/v2/pages/

`{community}` in a URL is the first Danish community page's id. BENCH_CPU_REQUESTS (60):
the requests timed per URL.
"""

import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.bench")
django.setup()

from django.test import Client, override_settings  # noqa: E402  (after setup)

from communities.models import CommunityPage  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_CPU_REQUESTS", 60))


def community_id():
    pages = CommunityPage.objects.filter(locale__language_code="da").order_by("pk")
    return pages.values_list("pk", flat=True).first()


def main(urls):
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(API_CACHE=False):
        for url in urls:
            path = url.replace("{community}", str(community_id())) if "{community}" in url else url
            for _ in range(3):
                response = client.get(path)
            if response.status_code != 200:
                sys.exit(f"{path}: {response.status_code} {response.content[:200]!r}")
            times = []
            for _ in range(REQUESTS):
                started = time.process_time()
                client.get(path)
                times.append((time.process_time() - started) * 1000)
            print(f"{url:60} {statistics.median(times):7.2f} ms CPU", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
