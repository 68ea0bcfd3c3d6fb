"""The demo's guide content (see DemoBuilder.build)."""


def build(builder, home):
    """Add the guide demo under `home`; `builder` has the locales and page helpers."""
