"""Every reader page parses as balanced, accessible HTML.

Python's html.parser is lenient, so the checks are made here: tags balance (void elements
aside), ids are unique, in-page links have targets, one h1, lang, landmarks, a skip link, and
a label for every form control.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
CONTROLS = {"input", "select", "textarea"}


class PageChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.open_tags = []
        self.ids = []
        self.fragment_links = []
        self.label_targets = set()
        self.controls = []
        self.tags = []
        self.html_lang = None
        self.in_label = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if len(attributes) != len(attrs):
            self.problems.append(f"duplicate attribute on <{tag}>")
        self.tags.append(tag)
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag == "a":
            href = attributes.get("href")
            if href is None:
                self.problems.append("<a> without href")
            elif href.startswith("#"):
                self.fragment_links.append(href[1:])
        if tag == "label":
            self.in_label += 1
            if "for" in attributes:
                self.label_targets.add(attributes["for"])
        if tag in CONTROLS and attributes.get("type") != "hidden":
            labelled = self.in_label or "aria-label" in attributes
            self.controls.append((tag, attributes.get("id"), labelled))
        if tag not in VOID_ELEMENTS:
            self.open_tags.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID_ELEMENTS:
            self.problems.append(f"self-closing non-void <{tag}/> at {self.getpos()}")
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.open_tags.pop()

    def handle_endtag(self, tag):
        if tag in VOID_ELEMENTS:
            self.problems.append(f"end tag for void <{tag}> at {self.getpos()}")
            return
        if tag == "label":
            self.in_label -= 1
        if not self.open_tags or self.open_tags[-1][0] != tag:
            expected = self.open_tags[-1] if self.open_tags else None
            self.problems.append(f"</{tag}> at {self.getpos()} closes {expected}")
            return
        self.open_tags.pop()

    def check(self):
        problems = list(self.problems)
        if self.open_tags:
            problems.append(f"unclosed tags: {self.open_tags}")
        duplicates = {i for i in self.ids if self.ids.count(i) > 1}
        if duplicates:
            problems.append(f"duplicate ids: {sorted(duplicates)}")
        missing = set(self.fragment_links) - set(self.ids)
        if missing:
            problems.append(f"in-page links without a target: {sorted(missing)}")
        if self.tags.count("h1") != 1:
            problems.append(f"{self.tags.count('h1')} h1 elements")
        if not self.html_lang:
            problems.append("<html> has no lang")
        for landmark in ("header", "nav", "main", "footer"):
            if landmark not in self.tags:
                problems.append(f"no <{landmark}>")
        if self.tags.count("main") > 1:
            problems.append("more than one <main>")
        for tag, control_id, labelled in self.controls:
            if not labelled and control_id not in self.label_targets:
                problems.append(f"<{tag} id={control_id}> has no label")
        return problems


def page_problems(html):
    checker = PageChecker()
    checker.feed(html)
    checker.close()
    problems = checker.check()
    if "Skip to content" not in html or 'href="#content"' not in html:
        problems.append("no skip link")
    if not html.startswith("<!DOCTYPE html>"):
        problems.append("no doctype")
    return problems


def test_checker_catches_broken_markup():
    broken = (
        '<!DOCTYPE html><html><body><div id="a"><p id="a">x</div>'
        '<h1>1</h1><h1>2</h1><input id="i"><a href="#nowhere">n</a></body></html>'
    )
    problems = page_problems(broken)
    assert any("closes" in p for p in problems)
    assert any("duplicate ids" in p for p in problems)
    assert any("2 h1" in p for p in problems)
    assert any("no lang" in p for p in problems)
    assert any("has no label" in p for p in problems)
    assert any("without a target" in p for p in problems)
    assert any("no <main>" in p for p in problems)


READER_PAGES = [
    reverse("tracker:home"),
    reverse("tracker:claim-list"),
    reverse("tracker:claim-list") + "?q=wild+arman&stance=supports",
    reverse("tracker:claim-list") + "?case=nope&q=" + "a" * 201,
    reverse("tracker:claim-detail", args=["wild-arman-tasked-with-crowds-and-peoples-council"]),
    reverse("tracker:claim-detail", args=["abish-distanced-himself"]),
    reverse("tracker:case-detail", args=["almaty-trial-january-2022"]),
    reverse("tracker:source-detail", args=["almaty-trial-verdict-report"]),
    reverse("tracker:party-detail", args=["arman-dzhumageldiev"]),
    reverse("tracker:party-detail", args=["kairat-kudaybergen"]),
    reverse("tracker:point-list"),
    reverse("tracker:point-list") + "?q=wild+arman&claimant=witnesses",
    reverse("tracker:point-list") + "?claimant=nope&q=" + "a" * 201,
]


def test_every_point_page_is_valid_html(client, seed_case):
    from tracker.models import Point

    for point in Point.objects.all():
        assert page_problems(client.get(point.get_absolute_url()).content.decode()) == [], point


@pytest.mark.parametrize("url", READER_PAGES)
def test_reader_page_is_valid_accessible_html(client, seed_case, url):
    response = client.get(url)
    assert response.status_code in {200, 400}
    assert page_problems(response.content.decode()) == []


def test_every_claim_page_is_valid_html(client, seed_case):
    from tracker.models import Claim

    for claim in Claim.objects.all():
        assert page_problems(client.get(claim.get_absolute_url()).content.decode()) == [], claim


def test_draft_page_for_researchers_is_valid_html(client, seed_draft, researcher):
    client.force_login(researcher)
    assert page_problems(client.get(seed_draft.get_absolute_url()).content.decode()) == []


def test_stylesheet_shows_focus_and_is_served(client, db):
    response = client.get("/static/tracker/site.css")
    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()
    assert ":focus-visible" in css
    assert "outline" in css


def relative_luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground, background):
    lighter, darker = sorted(map(relative_luminance, (foreground, background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_text_colours_meet_wcag_aa_contrast():
    import re
    from pathlib import Path

    css = (Path(__file__).parent.parent / "tracker/static/tracker/site.css").read_text()
    colour = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6});", css))
    pairs = [
        (text, background)
        for text in ("ink", "ink-soft", "accent", "supports", "disputes", "qualifies")
        for background in ("paper", "card", "mark")
    ] + [(stance, f"{stance}-tint") for stance in ("supports", "disputes", "qualifies")]
    for text, background in pairs:
        ratio = contrast(colour[text], colour[background])
        assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"
