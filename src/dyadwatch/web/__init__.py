"""The dashboard: server-rendered pages (Jinja2 templates) and the static files they load."""
