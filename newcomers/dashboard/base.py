"""What every panel of the coordinator's dashboard shares: the scope it counts in (one
municipality, a period), its table of rows, the suppression of small groups, and the
registry the view and the CSV walk.

A panel is a function `scope -> Table` registered with `@panel(...)`; adding one is a module
with that function and one import line in `newcomers/dashboard/__init__.py`."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import DateTimeField, Func
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: a group of fewer people than this is never shown (docs/dashboard.md)
SMALLEST = 5
FEWER = _("fewer than 5")


@dataclass(frozen=True)
class Scope:
    site: object
    start: date  # first day of the period
    end: date  # last day of the period (inclusive)
    now: datetime

    @property
    def since(self):
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self):
        """The moment after the period (exclusive)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))


@dataclass(frozen=True)
class People:
    """A number of people: shown only from SMALLEST on."""

    n: int

    @property
    def shown(self):
        return self.n >= SMALLEST

    def __str__(self):
        return str(self.n) if self.shown else str(FEWER)

    @property
    def bar(self):
        return self.n if self.shown else None


@dataclass(frozen=True)
class Number:
    """A count of things that are not people (associations, events' seats): always shown."""

    n: int

    shown = True

    def __str__(self):
        return str(self.n)

    @property
    def bar(self):
        return self.n


@dataclass(frozen=True)
class Share:
    """`part` of `whole` people, in percent. Shown only when both the part and the rest are
    at least SMALLEST: 98 % of 100 would tell that 2 were not."""

    part: int
    whole: int

    @property
    def shown(self):
        return self.part >= SMALLEST and self.whole - self.part >= SMALLEST

    @property
    def percent(self):
        return round(100 * self.part / self.whole, 1) if self.whole else None

    def __str__(self):
        return f"{self.percent:.1f} %" if self.shown else str(FEWER)

    @property
    def bar(self):
        return self.percent if self.shown else None


@dataclass(frozen=True)
class Part(Share):
    """`part` people of a group of `whole` shown elsewhere: shown, as a number, only when
    both the part and the rest are at least SMALLEST."""

    def __str__(self):
        return str(self.part) if self.shown else str(FEWER)

    @property
    def bar(self):
        return self.part if self.shown else None


@dataclass(frozen=True)
class Fill(Share):
    """Seats taken of the seats offered: the empty seats are no group of people."""

    @property
    def shown(self):
        return self.part >= SMALLEST and self.whole > 0


class Blank:
    shown = True
    bar = None

    def __str__(self):
        return ""


BLANK = Blank()


@dataclass(frozen=True)
class Percent:
    """A published percentage (the plan's statistics): always shown."""

    value: float

    shown = True

    def __str__(self):
        return f"{self.value:.1f} %"

    @property
    def bar(self):
        return self.value


@dataclass(frozen=True)
class MedianDays:
    """The median of durations, in days: about people only over SMALLEST or more of them;
    about things (associations) over one or more."""

    durations: tuple
    people: bool = True

    @property
    def shown(self):
        return len(self.durations) >= (SMALLEST if self.people else 1)

    @property
    def days(self):
        return round(statistics.median(self.durations).total_seconds() / 86400, 1)

    def __str__(self):
        if self.shown:
            return f"{self.days:.1f}"
        return str(FEWER) if self.people else "–"

    @property
    def bar(self):
        return self.days if self.shown else None


@dataclass
class Table:
    columns: list  # headings of the value columns
    rows: list = field(default_factory=list)  # (label, [cell, …])
    chart: int = 0  # the column the chart draws
    note: str = ""

    def add(self, label, *cells):
        self.rows.append((str(label), list(cells)))
        return self


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    description: str
    build: object  # scope -> Table
    order: int

    def table(self, scope):
        return self.build(scope)


PANELS = []


def panel(key, title, description, order):
    """Register `scope -> Table` as a panel; `order` places it on the screen."""

    def register(build):
        PANELS.append(Panel(key, title, description, build, order))
        PANELS.sort(key=lambda registered: registered.order)
        return build

    return register


def pool_keys(counts):
    """(keys shown, keys pooled) of the breakdown `counts` ({key: number of people}),
    largest first: every group under SMALLEST is pooled; if the pool is itself under
    SMALLEST (and not empty) the next-smallest groups join it until it is not, so a total
    shown elsewhere minus the rows shown never reveals a small group."""
    ordered = sorted(counts, key=lambda key: (-counts[key], str(key)))
    shown = [key for key in ordered if counts[key] >= SMALLEST]
    pool = [key for key in ordered if counts[key] < SMALLEST]
    while 0 < sum(counts[key] for key in pool) < SMALLEST and shown:
        pool.append(shown.pop())
    return shown, [key for key in pool if counts[key]]


def pooled(counts, label, other_label):
    """[(label, People)] of the breakdown, the small groups pooled (`pool_keys`)."""
    shown, pool = pool_keys(counts)
    rows = [(label(key), People(counts[key])) for key in shown]
    if pool:
        rows.append((other_label, People(sum(counts[key] for key in pool))))
    return rows


class PlusDays(Func):
    """A moment `days` later than `expression`, in the database's own date arithmetic: on
    SQLite Django adds a timedelta through a Python function, called once per row and
    compared moment (seconds to the retention over 20,000 newcomers); its `strftime` is
    native (to the millisecond, as the text it compares with)."""

    output_field = DateTimeField()

    def __init__(self, expression, days):
        super().__init__(expression)
        self.days = int(days)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + INTERVAL '{self.days} days')", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime('%%Y-%%m-%%d %%H:%%M:%%f', {sql}, '+{self.days} days')", params
