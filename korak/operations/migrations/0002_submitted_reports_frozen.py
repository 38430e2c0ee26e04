"""A submitted monitoring report and its recommendations refuse UPDATE at the database itself,
so no code path of the application (a view, the API, a service, the admin) can change one:
a correction is a new report. DELETE is left to PROTECT and to the absence of any deleting
code, so that a test database can still be emptied."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION operations_report_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.state = 'submitted' THEN
    RAISE EXCEPTION 'a submitted monitoring report cannot be changed';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER operations_report_frozen BEFORE UPDATE ON operations_monitoringreport
  FOR EACH ROW EXECUTE FUNCTION operations_report_frozen();
CREATE OR REPLACE FUNCTION operations_recommendation_frozen() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM operations_monitoringreport WHERE id = NEW.report_id AND state = 'submitted')
     OR (TG_OP = 'UPDATE' AND EXISTS (
       SELECT 1 FROM operations_monitoringreport WHERE id = OLD.report_id AND state = 'submitted')) THEN
    RAISE EXCEPTION 'the recommendations of a submitted monitoring report cannot be changed';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER operations_recommendation_frozen BEFORE INSERT OR UPDATE ON operations_recommendation
  FOR EACH ROW EXECUTE FUNCTION operations_recommendation_frozen();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS operations_report_frozen ON operations_monitoringreport;
DROP TRIGGER IF EXISTS operations_recommendation_frozen ON operations_recommendation;
DROP FUNCTION IF EXISTS operations_report_frozen();
DROP FUNCTION IF EXISTS operations_recommendation_frozen();
"""
SQLITE_UP = [
    "CREATE TRIGGER operations_report_frozen BEFORE UPDATE ON operations_monitoringreport "
    "WHEN OLD.state = 'submitted' "
    "BEGIN SELECT RAISE(ABORT, 'a submitted monitoring report cannot be changed'); END;",
    "CREATE TRIGGER operations_recommendation_frozen_insert BEFORE INSERT ON operations_recommendation "
    "WHEN EXISTS (SELECT 1 FROM operations_monitoringreport WHERE id = NEW.report_id AND state = 'submitted') "
    "BEGIN SELECT RAISE(ABORT, 'the recommendations of a submitted monitoring report cannot be changed'); END;",
    "CREATE TRIGGER operations_recommendation_frozen_update BEFORE UPDATE ON operations_recommendation "
    "WHEN EXISTS (SELECT 1 FROM operations_monitoringreport WHERE id IN (OLD.report_id, NEW.report_id) "
    "AND state = 'submitted') "
    "BEGIN SELECT RAISE(ABORT, 'the recommendations of a submitted monitoring report cannot be changed'); END;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS operations_report_frozen;",
    "DROP TRIGGER IF EXISTS operations_recommendation_frozen_insert;",
    "DROP TRIGGER IF EXISTS operations_recommendation_frozen_update;",
]


def _run(statements_by_vendor):
    def apply(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements if isinstance(statements, list) else [statements]:
            schema_editor.execute(statement, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("operations", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
