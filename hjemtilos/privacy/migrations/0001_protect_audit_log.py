"""The audit log cannot be changed or deleted through the database (PostgreSQL).

A trigger refuses UPDATE and DELETE on ``auditlog_logentry``. One update is
allowed: setting ``actor_id`` to NULL, which the database does when a user
account is erased (the entry keeps ``actor_email``). The embedded SQLite
mode has no trigger: it is for demos and development, and Django's test
flush deletes rows there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION hjemtilos_protect_audit_log() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log cannot be changed or deleted (%)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS hjemtilos_protect_audit_log ON auditlog_logentry;
CREATE TRIGGER hjemtilos_protect_audit_log
    BEFORE UPDATE OR DELETE ON auditlog_logentry
    FOR EACH ROW EXECUTE FUNCTION hjemtilos_protect_audit_log();
"""

DROP = """
DROP TRIGGER IF EXISTS hjemtilos_protect_audit_log ON auditlog_logentry;
DROP FUNCTION IF EXISTS hjemtilos_protect_audit_log();
"""


def _run(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0017_add_actor_email")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
