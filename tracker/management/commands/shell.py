from django.apps import apps
from django.core.management.commands import shell


class Command(shell.Command):
    def get_auto_imports(self) -> list[str]:
        """Every model, each from the module that defines it. django-simple-history names its
        historical models' module ``tracker`` while defining them beside the model they track,
        so Django's own list named twelve paths that do not import."""
        return [
            f"{getattr(model, 'instance_type', model).__module__}.{model.__name__}"
            for model in reversed(apps.get_models())
        ]
