"""`make serve` runs ensure_admin: it gives a fresh install a superuser and never alters one."""

import re
from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command


def ensure_admin() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ensure_admin", url="http://testserver/admin/", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_fresh_install_gets_a_superuser_admin_with_the_password_shown_once(db):
    out, _ = ensure_admin()
    password = re.search(r"with password (\S+)", out).group(1)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password(password)


def test_an_existing_superuser_is_left_alone(db):
    User.objects.create_superuser("chief", password="chief-pw")
    out, _ = ensure_admin()
    assert "log in with your superuser" in out
    assert "changepassword chief" in out
    assert list(User.objects.values_list("username", flat=True)) == ["chief"]


def test_a_non_superuser_named_admin_is_kept_as_it_is_and_the_way_out_is_said(db):
    User.objects.create_user("admin", password="their-own-pw", is_staff=True)

    out, err = ensure_admin()

    admin = User.objects.get(username="admin")
    assert admin.check_password("their-own-pw")
    assert (admin.is_superuser, admin.is_staff) == (False, True)
    assert User.objects.count() == 1
    assert "not a superuser" in err
    assert "createsuperuser" in err
    assert "with password" not in out
