"""Python's garbage collector set for a web process that serves request after request.

A built app holds some 200 000 objects (modules, the ORM's mappers, templates, the locale data) that live
as long as the process. The collector walked them all whenever its oldest generation came due, a pause of
tens of milliseconds every hundred requests or so, about 1-2 ms a request on average (measured in process
on /sluttrapporter/<id>). ``settle()`` moves what exists once the app is built out of the collector's sight
(``gc.freeze``), and lets the youngest generation fill to 10 000 objects before it is swept: a request
makes and drops thousands of short-lived rows and strings, which reference counting frees at once, so the
sweeps that found nothing to free nearly all go. Cycles are still collected.
"""
import gc

YOUNGEST = 10_000  # CPython's default is 700


def settle() -> None:
    """Call once the app is built, in the process that serves it (wsgi.py), never in tests."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST, middle, oldest)
