import xml.etree.ElementTree as ET

import pytest

from tracker.models import Case, Claim, Party, Source, Statement

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml_of(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith(content_type)
    return ET.fromstring(response.content)


def feed_links(client, url):
    feed = xml_of(client, url, "application/atom+xml")
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated") is not None
    return [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]


def sitemap_urls(client):
    urlset = xml_of(client, "/sitemap.xml", "application/xml")
    assert urlset.tag == f"{SITEMAP}urlset"
    return {url.find(f"{SITEMAP}loc").text for url in urlset.iter(f"{SITEMAP}url")}


def test_feed_lists_published_claims_newest_publication_first(
    client, reviewer, statement, draft_with_statement
):
    assert feed_links(client, "/claims.atom") == ["http://testserver/claims/led-the-crowd/"]
    draft_with_statement.claimant = statement.party
    draft_with_statement.save()
    draft_with_statement.transition("submit", reviewer)
    draft_with_statement.transition("publish", reviewer)
    assert feed_links(client, "/claims.atom") == [
        "http://testserver/claims/planned-the-unrest/",
        "http://testserver/claims/led-the-crowd/",
    ]
    draft_with_statement.transition("unpublish", reviewer)
    assert feed_links(client, "/claims.atom") == ["http://testserver/claims/led-the-crowd/"]


def test_case_feed_lists_only_that_case(client, claim):
    other = Case.objects.create(title="Other", slug="other")
    Claim.objects.create(case=other, text="Elsewhere", slug="elsewhere", status="published")
    assert feed_links(client, "/cases/almaty-trial/claims.atom") == [
        "http://testserver/claims/led-the-crowd/"
    ]
    assert feed_links(client, "/cases/other/claims.atom") == ["http://testserver/claims/elsewhere/"]
    assert len(feed_links(client, "/claims.atom")) == 2


def test_feed_of_a_case_without_published_claims_is_404(client, draft_claim):
    assert client.get("/cases/almaty-trial/claims.atom").status_code == 404
    assert client.get("/cases/no-such-case/claims.atom").status_code == 404


def test_feeds_carry_text_with_characters_xml_cannot_hold(client, claim):
    # A line break pasted from a word processor is a vertical tab (0x0B), which XML 1.0 has
    # no way to write: the feed shows a space where the text has one.
    claim.text = "Dzhumageldiev\x0bled the crowd\x1b"
    claim.save()
    Case.objects.filter(pk=claim.case_id).update(title="Almaty\x0ctrial")
    for url in ["/claims.atom", "/cases/almaty-trial/claims.atom"]:
        feed = xml_of(client, url, "application/atom+xml")
        entry = feed.find(f"{ATOM}entry")
        assert entry.find(f"{ATOM}title").text == "Dzhumageldiev led the crowd "
        assert entry.find(f"{ATOM}category").get("term") == "Almaty trial"
        assert entry.find(f"{ATOM}summary").text == "A claim in the case “Almaty trial”."
    case_feed = xml_of(client, "/cases/almaty-trial/claims.atom", "application/atom+xml")
    assert case_feed.find(f"{ATOM}title").text.endswith("in Almaty trial")


def test_sitemap_lists_every_public_page_and_nothing_only_drafts_use(
    client, statement, draft_with_statement
):
    hidden = Party.objects.create(name="Hidden", slug="hidden", kind="person")
    secret = Source.objects.create(title="Secret", slug="secret", text="Secret words.")
    Statement.objects.create(
        claim=draft_with_statement,
        party=hidden,
        source=secret,
        stance="supports",
        kind="testimony",
        quote="Secret",
        quote_start=0,
        quote_end=6,
    )
    Case.objects.create(title="Empty", slug="empty")
    assert sitemap_urls(client) == {
        "http://testserver/",
        "http://testserver/claims/",
        "http://testserver/points/",
        "http://testserver/claims/led-the-crowd/",
        "http://testserver/cases/almaty-trial/",
        "http://testserver/sources/trial-report/",
        "http://testserver/parties/arman-dzhumageldiev/",
    }


def test_every_sitemap_page_answers(client, seed_case):
    urls = sitemap_urls(client)
    assert len(urls) > 20
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_claim_list_and_case_page_link_the_feeds(client, claim):
    assert b'href="/claims.atom"' in client.get("/claims/").content
    case_page = client.get("/cases/almaty-trial/").content
    assert b'href="/cases/almaty-trial/claims.atom"' in case_page
    # Announced in the head too, where feed readers given a page's address look.
    head = case_page.split(b"</head>")[0]
    assert b'rel="alternate" type="application/atom+xml"' in head
    assert b'href="/cases/almaty-trial/claims.atom"' in head
    home_head = client.get("/").content.split(b"</head>")[0]
    assert b'<link rel="alternate" type="application/atom+xml"' in home_head
    assert b'href="/claims.atom"' in home_head
    assert b'href="/cases/almaty-trial/annotations"' in case_page
