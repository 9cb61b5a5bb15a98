import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

application = get_wsgi_application()

# What loading the tracker made lives as long as the worker: frozen, a full garbage collection
# no longer walks it. Each one did, about one request in eighty, and took 65-85 ms of that
# request's time: among the slowest of the benchmark's searches at 100,000 statements (issue 12).
gc.collect()
gc.freeze()
