"""A GET never writes: every GET URL of the access matrix, opened by every role, leaves every table as it was
(PostgreSQL's per-transaction statistics count the rows inserted, updated and deleted by this test's
transaction; the session table is left out, since Django keeps sessions there)."""

import pytest
from django.db import connection
from django.urls import reverse

from zpb.tests.matrix import ROLES
from zpb.tests.test_access_matrix import CASES

IGNORED_TABLES = ("django_session",)


def writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {table: count for table, count in cursor.fetchall() if table not in IGNORED_TABLES}


@pytest.mark.parametrize("role", ROLES)
def test_no_get_writes_a_row(client, world, role):
    user = world.user(role)
    written = []
    for name, case in sorted(CASES.items()):
        if case.method != "get":
            continue
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=case.kwargs(world))
        before = writes()
        client.get(url, case.data(world))
        after = writes()
        changed = {table: after[table] - before.get(table, 0) for table in after if after[table] != before.get(table)}
        if changed:
            written.append(f"GET {url}: {changed}")
    assert not written, "\n".join(written)
