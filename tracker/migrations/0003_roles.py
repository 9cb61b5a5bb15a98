from django.contrib.auth.management import create_permissions
from django.db import migrations

RESEARCHED = ["claim", "statement", "source", "party", "partyalias", "annotation", "tag"]
# Cases and their outcomes appear on the reader site directly, with no review step of their
# own, so only reviewers change them.
REVIEWED = ["case", "outcome"]

RESEARCHER_PERMISSIONS = [
    *(f"{action}_{model}" for model in RESEARCHED for action in ("view", "add", "change")),
    *(f"view_{model}" for model in REVIEWED),
    "view_reviewtransition",
    "view_claimawaitingreview",
]

REVIEWER_PERMISSIONS = [
    *RESEARCHER_PERMISSIONS,
    *(f"{action}_{model}" for model in REVIEWED for action in ("add", "change")),
    *(f"delete_{model}" for model in RESEARCHED + REVIEWED),
    "review_claim",
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    app_config = apps.get_app_config("tracker")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [
        ("Researchers", RESEARCHER_PERMISSIONS),
        ("Reviewers", REVIEWER_PERMISSIONS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="tracker", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions missing for {name}: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Researchers", "Reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0002_review_history_locking"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
