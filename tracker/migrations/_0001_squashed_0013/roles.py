"""The two roles, Researchers and Reviewers, as groups holding model permissions.

``tracker.permissions`` decides, on top of these, what a claim's review state lets each role
do. Researchers add and change what they research, and cases, the roles parties play in them
and disputed points besides (none of these reaches readers but through a published claim); the
edit policy lets them delete only drafts they created, so they hold the delete permission for
draft material alone. Outcomes reach readers with no review step of their own, so only
reviewers change them. Reviewers also publish, unpublish and send back claims (review_claim),
and decide held edits with the same permission; both roles read the review record and held
edits.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

RESEARCHED = ["claim", "statement", "annotation", "source", "party", "partyalias", "tag"]
ORGANISED = ["case", "caserole", "point"]
REVIEW_RECORDS = ["reviewtransition", "claimawaitingreview", "revision"]

ROLES = {
    "Researchers": [
        *(f"{action}_{name}" for name in RESEARCHED + ORGANISED for action in ("add", "change")),
        *(f"view_{name}" for name in RESEARCHED + ORGANISED + ["outcome"] + REVIEW_RECORDS),
        *(f"delete_{name}" for name in RESEARCHED),
    ],
    "Reviewers": [
        *(
            f"{action}_{name}"
            for name in RESEARCHED + ORGANISED + ["outcome"]
            for action in ("view", "add", "change", "delete")
        ),
        *(f"view_{name}" for name in REVIEW_RECORDS),
        "review_claim",
    ],
}


def create_roles(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Permissions are normally created after all migrations; the roles need them now.
    app_config = apps.get_app_config("tracker")
    app_config.models_module = True  # type: ignore[assignment]
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        permissions = Permission.objects.filter(
            content_type__app_label="tracker", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions missing for {name}: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_roles(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


operations = [migrations.RunPython(create_roles, remove_roles)]
