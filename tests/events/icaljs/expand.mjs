// Expands an iCalendar feed (stdin) with ical.js and prints every occurrence that overlaps
// [from, to) as JSON lines: {"summary", "start", "end"}, times as UTC ISO strings, all-day
// dates as YYYY-MM-DD. Usage: node expand.mjs 2027-01-01T00:00:00Z 2028-01-01T00:00:00Z < feed.ics
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const [from, to] = process.argv.slice(2).map((text) => new Date(text));
const calendar = new ICAL.Component(ICAL.parse(readFileSync(0, "utf8")));
// Times with a TZID are read by the feed's own VTIMEZONE, not by a built-in zone database.
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}

const moment = (time) => (time.isDate ? time.toString() : time.toJSDate().toISOString());
const print = (summary, start, end) => {
  if (start.toJSDate() < to && end.toJSDate() > from) {
    console.log(JSON.stringify({ summary, start: moment(start), end: moment(end) }));
  }
};

for (const component of calendar.getAllSubcomponents("vevent")) {
  const event = new ICAL.Event(component);
  if (!event.isRecurring()) {
    print(event.summary, event.startDate, event.endDate);
    continue;
  }
  const starts = event.iterator();
  for (let next = starts.next(); next && next.toJSDate() < to; next = starts.next()) {
    const details = event.getOccurrenceDetails(next);
    print(event.summary, details.startDate, details.endDate);
  }
}
