"""Registrations arriving at a steady rate, as people would send them: a process of its own
(bench/mixed.py starts it beside wrk) POSTing real registrations over HTTP, each on time
whether or not the previous one has been answered.

    python bench/registrar.py  <  {"url", "rate", "seconds", "dates"}

`url` is an event's registrations route; each registration asks for one seat on the next of
`dates` (local dates on which the event takes place once), in turn. Prints `ready` once it
has read what to do (then it starts at once) and at the end, as JSON, the answers by status
and the seconds they took (at least `seconds`).
"""

import json
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor


def post(url, body):
    request = urllib.request.Request(  # noqa: S310  (the bench server's own address)
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Connection": "close"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return "socket error"


def main():
    asked = json.loads(sys.stdin.read())
    interval, dates = 1 / asked["rate"], asked["dates"]
    print("ready", flush=True)
    started = time.monotonic()
    answers = []
    with ThreadPoolExecutor(16) as pool:
        for n in range(int(asked["rate"] * asked["seconds"])):
            time.sleep(max(0.0, started + n * interval - time.monotonic()))
            body = {
                "occurrence": dates[n % len(dates)],
                "name": f"Bench {n}",
                "email": f"bench-{started:.0f}-{n}@example.dk",
                "seats": 1,
                "language": "da",
                "consent": False,
            }
            answers.append(pool.submit(post, asked["url"], body))
        statuses = Counter(str(answer.result()) for answer in answers)
    seconds = max(asked["seconds"], time.monotonic() - started)
    print(json.dumps({"statuses": statuses, "seconds": seconds}))


if __name__ == "__main__":
    main()
