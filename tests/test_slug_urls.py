"""slug_url builds the addresses reverse() would, without reversing each one."""

import pytest
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix

from tracker.slugs import slug_url

ROUTES = [
    "tracker:case-detail",
    "tracker:claim-detail",
    "tracker:party-detail",
    "tracker:point-detail",
    "tracker:source-detail",
]
SLUGS = ["almaty-trial-january-2022", "a", "slug", "--slug--", "x_1-2"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("slug", SLUGS)
def test_slug_url_is_what_reverse_gives(route, slug):
    assert slug_url(route, slug) == reverse(route, args=[slug])


@pytest.fixture
def mounted_under_a_path():
    before = get_script_prefix()
    set_script_prefix("/tracker/")
    yield
    set_script_prefix(before)


def test_slug_url_follows_the_script_prefix(mounted_under_a_path):
    assert slug_url("tracker:party-detail", "prosecution") == "/tracker/parties/prosecution/"
    assert slug_url("tracker:party-detail", "prosecution") == reverse(
        "tracker:party-detail", args=["prosecution"]
    )


@pytest.mark.parametrize("not_a_slug", ["", "two words", "a/b", "Ж"])
def test_what_is_not_a_slug_is_refused_as_reverse_refuses_it(not_a_slug):
    with pytest.raises(NoReverseMatch):
        reverse("tracker:party-detail", args=[not_a_slug])
    with pytest.raises(NoReverseMatch):
        slug_url("tracker:party-detail", not_a_slug)
