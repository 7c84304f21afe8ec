from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tandem.core"
    label = "core"

    def ready(self):
        from django.db.backends.signals import connection_created

        from .collation import register_sqlite

        # Names sort in the reader's collation on SQLite too (tandem/core/collation.py).
        connection_created.connect(register_sqlite, dispatch_uid="tandem-collations")
