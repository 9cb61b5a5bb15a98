from django.contrib.auth.management import create_permissions
from django.db import migrations

# Researchers delete what they created while it is a draft; the edit policy
# (tracker.permissions.deletion_refusal) refuses the rest, whatever the permission says.
DRAFT_MATERIAL = ["claim", "statement", "annotation", "source", "party", "partyalias", "tag"]
CODENAMES = [f"delete_{model}" for model in DRAFT_MATERIAL]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("tracker")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="Researchers").first()
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="tracker", codename__in=CODENAMES)
        )


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="Researchers").first()
    if group is not None:
        Permission = apps.get_model("auth", "Permission")
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="tracker", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [("tracker", "0009_held_edits")]

    operations = [migrations.RunPython(grant, revoke)]
