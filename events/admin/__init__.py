"""The calendar's admin, one module per concept; loaded by events/wagtail_hooks.py."""
