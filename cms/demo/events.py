"""The demo's events content (see DemoBuilder.build)."""


def build(builder, home):
    """Add the events demo under `home`; `builder` has the locales and page helpers."""
