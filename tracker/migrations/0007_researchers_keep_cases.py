from django.contrib.auth.management import create_permissions
from django.db import migrations

# Researchers create and edit cases and the roles parties play in them: a case is shown to
# readers only once a published claim is in it, so this needs no review step of its own.
RESEARCHER_CASE_PERMISSIONS = [
    *(f"{action}_{model}" for model in ("case", "caserole") for action in ("add", "change")),
    "view_caserole",
]
REVIEWER_CASE_PERMISSIONS = [
    *(f"{action}_caserole" for action in ("view", "add", "change", "delete")),
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("tracker")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [
        ("Researchers", RESEARCHER_CASE_PERMISSIONS),
        ("Reviewers", REVIEWER_CASE_PERMISSIONS),
    ]:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    researchers = Group.objects.filter(name="Researchers").first()
    if researchers is not None:
        researchers.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="tracker",
                codename__in=["add_case", "change_case", "add_caserole", "change_caserole"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_case_roles_qualifiers_partial_dates")]

    operations = [migrations.RunPython(grant, revoke)]
