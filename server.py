"""The WSGI entry point: ``app`` for gunicorn or ``flask --app server run``.

Settings come from the environment (ISNAD_DATA, ISNAD_BASE_IRI, ...); see ``isnad settings``.
"""

from kg.server import create_app

app = create_app()
