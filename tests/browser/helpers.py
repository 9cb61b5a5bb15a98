"""Helpers the browser tests share: staff users on the live server, and signing them in."""

from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tracker.migrations._0001_squashed_0013.roles import ROLES
from tracker.models import Source


def user_with(username: str, codenames: list[str], email: str = "") -> User:
    """The live server's flush has removed the groups the migrations made, so the role's
    permissions are given directly."""
    user = User.objects.create_user(username, password=f"pw-{username}", is_staff=True, email=email)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="tracker", codename__in=codenames)
    )
    return user


def log_in(page: Page, live_server: LiveServer, username: str) -> None:
    """Signs ``username`` in as the other tests do, with Django's force_login: a session on the
    server, whose cookie the page's context then sends. Through the login form it took three
    page loads; test_content_security_policy still signs in through the form."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def open_workbench(page: Page, live_server: LiveServer, source: Source) -> None:
    """Opens ``source``'s workbench as rita, a researcher."""
    user_with("rita", ROLES["Researchers"])
    log_in(page, live_server, "rita")
    page.goto(live_server.url + reverse("admin:tracker_source_workbench", args=[source.pk]))
