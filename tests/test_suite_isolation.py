"""The suite's tests pass in any order: what one test's database teardown removes, the next
test that needs it still finds."""

from django.contrib.auth.models import Group
from django.core.management import call_command

from tracker.migrations._0001_squashed_0013.roles import ROLES


def test_roles_outlive_the_flush_that_ends_a_transactional_test(transactional_db):
    call_command("flush", interactive=False, verbosity=0)

    for name, codenames in ROLES.items():
        held = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
        assert held == set(codenames)
