"""The SQLite register: schema, migrations, queries, backups, audit log. All SQL lives here."""
