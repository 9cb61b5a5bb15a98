"""Create a superuser 'admin' with a fresh random password if no superuser exists, and say
how to log in. An existing user named 'admin' is never changed."""

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import IntegrityError, transaction

USERNAME = "admin"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args: Any, url: str, **options: Any) -> None:
        users = get_user_model().objects
        superuser = users.filter(is_superuser=True).order_by("pk").first()
        if superuser is not None:
            self.stdout.write(
                f"Admin: {url} — log in with your superuser (forgotten? python manage.py "
                f"changepassword {superuser.get_username()})."
            )
            return
        password = secrets.token_urlsafe(12)
        try:
            with transaction.atomic():
                users.create_superuser(USERNAME, email="", password=password)
        except IntegrityError:
            # Someone's own account: its password and rights are theirs to change, not ours.
            self.stderr.write(
                self.style.WARNING(
                    f"Admin: {url} — no superuser exists, and a user named '{USERNAME}' does "
                    "but is not a superuser; it was left as it is (password and rights "
                    "unchanged). To log in to the admin, create a superuser under another name: "
                    "python manage.py createsuperuser"
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin: {url} — log in as '{USERNAME}' with password {password} "
                "(shown once; change it with python manage.py changepassword admin)."
            )
        )
