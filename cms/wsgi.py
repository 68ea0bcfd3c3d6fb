import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")
application = get_wsgi_application()

# What a worker loads to serve its first request (the URLconf imports every view) lives as
# long as the process: frozen, the collector's full passes no longer walk its ~290,000
# objects, which paused requests for hundreds of milliseconds on a busy machine.
get_resolver().url_patterns  # noqa: B018  (loads the URLconf now)
gc.freeze()
