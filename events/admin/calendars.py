"""The admin for calendars."""
