"""Five people save the same claim through the admin at once, on a real SQLite file.

Run as a separate process (``python -m tests.scenarios.sqlite_race DB_PATH``) so that it uses
a database file of its own, with the settings the tracker serves with, whatever database the
test suite itself runs on. Prints one JSON object: each save's status and what it said.
"""

import json
import os
import re
import sys
import threading
from typing import Any

# Five are enough to show the race: with writers that do not queue for the lock (a DEFERRED
# transaction), four of the five got "database is locked" in every run; each further saver only
# added an admin page to render and a wait in SQLite's busy handler (twenty took 5 s, five 1.5).
SAVERS = 5


def main(database_path: str) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from tracker.models import Case, Claim

    call_command("migrate", verbosity=0)
    case = Case.objects.create(title="Race", slug="race")
    claim = Claim.objects.create(case=case, text="Original text", slug="original-text")
    url = reverse("admin:tracker_claim_change", args=[claim.pk])
    form = {
        "slug": claim.slug,
        "case": case.pk,
        "position": 0,
        "point_position": 0,
        **{
            f"{inline}-{count}_FORMS": 0
            for inline in ("statements", "annotations", "review_transitions")
            for count in ("TOTAL", "INITIAL")
        },
    }
    clients = []
    for number in range(SAVERS):
        user = User.objects.create(username=f"researcher{number}", is_staff=True)
        user.groups.add(Group.objects.get(name="Researchers"))
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    connection.close()

    barrier = threading.Barrier(SAVERS)
    results: list[dict[str, Any]] = [{} for _ in range(SAVERS)]

    def save(number: int) -> None:
        client = clients[number]
        try:
            page = client.get(url).content.decode()
            version = re.search(r'name="version" value="(\d+)"', page)
            barrier.wait()
            response = client.post(
                url, {**form, "version": version and version[1]} | {"text": f"Edit {number}"}
            )
            body = response.content.decode()
            results[number] = {
                "status": response.status_code,
                "conflict": "Someone else changed this claim after you opened it" in body,
                "kept_input": f"Edit {number}" in body,
                "database_locked": "database is locked" in body,
            }
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(number,)) for number in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    claim.refresh_from_db()
    return {"saves": results, "text": claim.text, "version": claim.version}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
