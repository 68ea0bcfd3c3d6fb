"""The demo's directory content (see DemoBuilder.build)."""


def build(builder, home):
    """Add the directory demo under `home`; `builder` has the locales and page helpers."""
