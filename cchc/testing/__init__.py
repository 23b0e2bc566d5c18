"""Shared test support (project wiring: only tests import it). ``fixtures`` is the pytest plugin
every test gets; ``factories``, ``seeds``, ``interchange``, ``surveys``, ``parindex`` build test
data; ``installations`` runs ``cchc`` in subprocesses; ``access`` is the access matrix's frame,
which collects each app's ``tests/access.py`` fragment."""
