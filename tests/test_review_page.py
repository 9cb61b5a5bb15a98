"""The claim's review page: the facts a reviewer decides on, and the decisions at the top."""

import pytest
from django.urls import reverse

from tests.helpers import back_in_review, count_queries, logged_in, make_statements, member_of
from tracker import held_edits, permissions
from tracker.held_edits import OpenedOn
from tracker.models import Claim, Party, Revision, Statement

Status = Claim.Status


def review_page(claim):
    return reverse("admin:tracker_claim_review_page", args=[claim.pk])


def test_the_review_queue_title_opens_the_review_page(
    reviewer_client, researcher, draft_with_statement, party
):
    Claim.objects.filter(pk=draft_with_statement.pk).update(claimant=party)
    draft_with_statement.transition("submit", researcher)
    queue = reviewer_client.get(reverse("admin:tracker_claimawaitingreview_changelist"))
    assert f'href="{review_page(draft_with_statement)}"' in queue.content.decode()


def test_a_new_claim_in_review_shows_everything_with_the_decisions_on_top(
    reviewer_client, researcher, draft_with_statement, party
):
    claim = draft_with_statement
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    claim.transition("submit", researcher)
    body = reviewer_client.get(review_page(claim)).content.decode()
    publish_at = body.index('value="Publish"')
    request_at = body.index('value="Request changes"')
    assert publish_at < body.index("He said he caught looters.")
    assert request_at < body.index("He said he caught looters.")
    assert body.count('name="comment"') == 2
    assert "<ins>" not in body  # nothing to compare with: shown as it is
    assert "Dzhumageldiev planned the unrest" in body and "Arman Dzhumageldiev" in body


def test_publishing_from_the_review_page_records_the_comment(
    reviewer_client, researcher, draft_claim
):
    draft_claim.transition("submit", researcher)
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "publish"])
    reviewer_client.post(url, {"comment": "Sourced well", "version": draft_claim.version})
    draft_claim.refresh_from_db()
    assert draft_claim.status == Status.PUBLISHED
    assert draft_claim.review_transitions.last().comment == "Sourced well"


def test_a_claim_published_before_shows_what_changed_since(
    reviewer, researcher, reviewer_client, draft_with_statement, party
):
    claim = draft_with_statement
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    claim.refresh_from_db()
    claim.transition("submit", researcher)
    claim.transition("publish", reviewer)
    claim.transition("unpublish", reviewer)
    claim.transition("revise", researcher)
    claim.refresh_from_db()
    claim.text = "Dzhumageldiev planned part of the unrest"
    claim.save()
    statement = claim.statements.get()
    statement.paraphrase = "He admits catching looters"
    statement.save()
    claim.transition("submit", researcher)
    body = reviewer_client.get(review_page(claim)).content.decode()
    assert "published before" in body
    assert "planned <ins>part of </ins>the unrest" in body
    assert "<ins>He admits catching looters</ins>" in body


def test_a_claim_that_came_in_published_shows_everything_when_back_in_review(
    reviewer, researcher, reviewer_client, seed_case
):
    # The seed case (as an imported case document) brings claims published on a day before
    # any history of theirs was recorded.
    claim = Claim.objects.published().exclude(claimant=None).first()
    assert not claim.history.filter(history_date__lte=claim.published_at).exists()
    back_in_review(claim, reviewer, researcher)
    response = reviewer_client.get(review_page(claim))
    assert response.status_code == 200
    body = response.content.decode()
    assert "is not in its history" in body
    assert claim.statements.first().quote in body
    assert 'value="Publish"' in body


def test_publishing_a_claim_approves_its_held_edits(reviewer, researcher, claim, statement, party):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    statement.paraphrase = "Held while published"
    revision = held_edits.hold(researcher, statement)
    back_in_review(claim, reviewer, researcher)
    claim.transition("publish", reviewer, "All of it")
    revision.refresh_from_db()
    assert revision.status == Revision.Status.APPROVED
    assert Statement.objects.get(pk=statement.pk).paraphrase == "Held while published"


def test_request_changes_on_a_published_claim_rejects_its_held_edits(
    reviewer_client, researcher, claim, statement, party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    statement.paraphrase = "Not in the source"
    revision = held_edits.hold(researcher, statement)
    url = reverse("admin:tracker_claim_review_held", args=[claim.pk, "reject"])
    reviewer_client.post(url, {"comment": "Stick to the source", "version": 0})
    revision.refresh_from_db()
    assert (revision.status, revision.comment) == (Revision.Status.REJECTED, "Stick to the source")
    assert Statement.objects.get(pk=statement.pk).paraphrase == ""


def test_researchers_cannot_decide_held_edits(researcher_client, researcher, claim, statement):
    statement.paraphrase = "Self-approved"
    revision = held_edits.hold(researcher, statement)
    url = reverse("admin:tracker_revision_decide", args=[revision.pk, "approve"])
    response = researcher_client.post(url, {"comment": "", "version": revision.version})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING
    held_url = reverse("admin:tracker_claim_review_held", args=[claim.pk, "approve"])
    assert researcher_client.post(held_url, {"version": 0}).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/admin/tracker/revision/x1/change/",
        "/admin/tracker/revision/99999/change/",
        "/admin/tracker/revision/{pk}/decide/publish/",
        "/admin/tracker/claim/{claim}/review/held/maybe/",
    ],
)
def test_odd_held_edit_urls_are_404(reviewer_client, researcher, claim, statement, path):
    statement.paraphrase = "x"
    revision = held_edits.hold(researcher, statement)
    url = path.format(pk=revision.pk, claim=claim.pk)
    assert reviewer_client.post(url, {"version": 0}).status_code == 404


@pytest.fixture
def revised_since_read(researcher, claim, statement):
    """A held edit, and the version a reviewer read of it before its author revised it."""
    statement.paraphrase = "First"
    revision = held_edits.hold(researcher, statement)
    read_version = revision.version
    statement.paraphrase = "Second"
    held_edits.hold(researcher, statement, opened_on=OpenedOn(revision.pk, read_version))
    return revision, read_version


def test_a_decision_on_an_edit_changed_since_it_was_read_is_refused(
    reviewer_client, revised_since_read
):
    revision, read_version = revised_since_read
    url = reverse("admin:tracker_revision_decide", args=[revision.pk, "approve"])
    page = reviewer_client.post(url, {"version": read_version}, follow=True)
    assert "changed this edit after you opened it" in page.content.decode()
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING


def test_the_held_edit_page_shows_the_word_difference(reviewer_client, researcher, statement):
    statement.paraphrase = "He denied everything"
    revision = held_edits.hold(researcher, statement)
    body = reviewer_client.get(
        reverse("admin:tracker_revision_change", args=[revision.pk])
    ).content.decode()
    assert "<ins>He denied everything</ins>" in body
    assert 'value="Approve"' in body and 'value="Reject"' in body


def test_the_held_edit_list_takes_the_same_queries_for_3_and_12_edits(reviewer_client, db):
    url = reverse("admin:tracker_revision_changelist")
    author = member_of("Researchers", "rosa")

    def propose(count):
        for index in range(count):
            party = Party.objects.create(name=f"P{index}-{count}", slug=f"p{index}-{count}")
            Revision.objects.create(
                content_type=held_edits.content_type_of(party),
                object_id=party.pk,
                proposed={"name": "New"},
                base={"name": party.name},
                author=author,
            )

    propose(3)
    count_queries(reviewer_client, url)  # caches the content types the list reads
    few = count_queries(reviewer_client, url)
    propose(9)
    assert count_queries(reviewer_client, url) == few


def test_held_edits_of_statements_take_the_same_queries_for_3_and_12(
    reviewer_client, researcher, claim, party, source
):
    """Each statement's title names its party: the held edit list and a claim's review page
    read them together, not one query more for each."""
    urls = [reverse("admin:tracker_revision_changelist"), review_page(claim)]

    def hold_statements(count):
        make_statements(claim, party, source, count)
        for statement in claim.statements.order_by("-pk")[:count]:
            statement.paraphrase = f"Held {statement.pk}"
            held_edits.hold(researcher, statement)

    hold_statements(3)
    for url in urls:  # the first answer also caches content types: not what is counted
        reviewer_client.get(url)
    few = [count_queries(reviewer_client, url) for url in urls]
    hold_statements(9)
    assert [count_queries(reviewer_client, url) for url in urls] == few


def test_proposed_new_statements_take_the_same_queries_for_3_and_12(
    reviewer_client, researcher, claim, party, source
):
    """A proposed new statement's title names its party: the held edit list and the claim's
    change form read them together, not one query more for each."""
    urls = [
        reverse("admin:tracker_revision_changelist"),
        reverse("admin:tracker_claim_change", args=[claim.pk]),
    ]

    def propose_statements(count):
        for index in range(count):
            name = f"Party {count}-{index}"
            proposer = Party.objects.create(name=name, slug=f"p-{count}-{index}", kind="group")
            new = Statement(
                claim=claim, party=proposer,
                source=source, quote="Prosecutors", quote_start=0, quote_end=11,
                stance=Statement.Stance.SUPPORTS, kind=Statement.Kind.TESTIMONY,
            )  # fmt: skip
            held_edits.hold(researcher, new)

    for url in urls:
        reviewer_client.get(url)
    propose_statements(3)
    few = [count_queries(reviewer_client, url) for url in urls]
    propose_statements(9)
    assert [count_queries(reviewer_client, url) for url in urls] == few
    assert "New statement: Party 9-8 supports" in reviewer_client.get(urls[0]).content.decode()


def test_the_held_edit_list_shows_pending_edits_by_default(
    reviewer_client, reviewer, researcher, statement, party
):
    statement.paraphrase = "Decided"
    held_edits.hold(researcher, statement).reject(reviewer)
    party.name = "Pending"
    pending = held_edits.hold(researcher, party)
    url = reverse("admin:tracker_revision_changelist")
    assert list(reviewer_client.get(url).context["cl"].result_list) == [pending]
    every = reviewer_client.get(url, {"decision": "all"}).context["cl"].result_list
    assert len(every) == 2
    assert reviewer_client.get(url, {"decision": "nonsense"}).status_code == 200


def test_the_claim_admin_page_lists_its_held_edits_and_decisions(
    reviewer, researcher, claim, statement
):
    statement.paraphrase = "Proposed"
    held_edits.hold(researcher, statement).reject(reviewer, "No source for this")
    body = (
        logged_in(reviewer)
        .get(reverse("admin:tracker_claim_change", args=[claim.pk]))
        .content.decode()
    )
    assert "Held edits" in body and "Rejected" in body and "No source for this" in body


def test_a_published_claim_without_held_edits_offers_no_decision(reviewer_client, claim):
    body = reviewer_client.get(review_page(claim)).content.decode()
    assert "Publish changes" not in body and "Nothing has changed" in body


def test_held_edits_changed_after_the_review_page_opened_are_not_approved_unseen(
    reviewer_client, researcher, claim, statement, party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    statement.paraphrase = "What the reviewer read"
    revision = held_edits.hold(researcher, statement)
    page = reviewer_client.get(reverse("admin:tracker_claim_review_page", args=[claim.pk]))
    approve = next(a for a in page.context["actions"] if a["label"] == "Publish changes")
    posted = {name: approve["form"][name].value() for name in approve["form"].fields}
    statement.paraphrase = "Changed after the reviewer read it"
    # The author revises their held edit, in a window that showed it.
    held_edits.hold(researcher, statement, opened_on=OpenedOn(revision.pk, revision.version))
    response = reviewer_client.post(approve["url"], {**posted, "comment": "Fine"})
    assert response.status_code == 302
    revision.refresh_from_db()
    assert revision.status == Revision.Status.PENDING
    assert Statement.objects.get(pk=statement.pk).paraphrase == ""
    assert "changed after you opened" in reviewer_client.get(response["Location"]).content.decode()


def test_a_held_edit_added_after_the_review_page_opened_is_not_approved_unseen(
    reviewer_client, researcher, claim, statement, party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    statement.paraphrase = "Read"
    held_edits.hold(researcher, statement)
    page = reviewer_client.get(reverse("admin:tracker_claim_review_page", args=[claim.pk]))
    approve = next(a for a in page.context["actions"] if a["label"] == "Publish changes")
    posted = {name: approve["form"][name].value() for name in approve["form"].fields}
    claim.refresh_from_db()
    claim.text = "Reworded after the reviewer read the page"
    held_edits.hold(researcher, claim)
    reviewer_client.post(approve["url"], {**posted, "comment": "Fine"})
    assert claim.revisions.pending().count() == 2
    assert Claim.objects.get(pk=claim.pk).text == "Dzhumageldiev led the crowd"


def publish_action(page):
    """The review page's Publish form, as the browser would post it."""
    action = next(a for a in page.context["actions"] if a["label"] == "Publish")
    return action["url"], {name: action["form"][name].value() for name in action["form"].fields}


@pytest.fixture
def moved_onto_draft(researcher, claim, statement, draft_claim):
    """A researcher moves a published claim's statement onto a draft: held for a reviewer,
    and listed with the draft, which publishing the draft approves. The draft is then
    submitted, never having been published."""
    statement.claim = draft_claim
    statement.paraphrase = "Moved with new words"
    revision = permissions.save_as(researcher, statement)
    draft_claim.transition("submit", researcher)
    return revision


def test_a_new_claim_in_review_shows_the_held_edits_publishing_approves(
    reviewer_client, draft_claim, moved_onto_draft
):
    body = reviewer_client.get(review_page(draft_claim)).content.decode()
    assert "Moved with new words" in body
    assert reverse("admin:tracker_revision_change", args=[moved_onto_draft.pk]) in body


def test_publishing_from_the_review_page_approves_the_held_edits_it_showed(
    reviewer_client, draft_claim, statement, moved_onto_draft
):
    url, posted = publish_action(reviewer_client.get(review_page(draft_claim)))
    reviewer_client.post(url, {**posted, "comment": "Read them"})
    moved_onto_draft.refresh_from_db()
    assert moved_onto_draft.status == Revision.Status.APPROVED
    assert Statement.objects.get(pk=statement.pk).claim_id == draft_claim.pk
    assert Claim.objects.get(pk=draft_claim.pk).status == Status.PUBLISHED


def test_a_held_edit_revised_after_the_review_page_opened_is_not_published_unseen(
    reviewer_client, researcher, draft_claim, statement, moved_onto_draft
):
    url, posted = publish_action(reviewer_client.get(review_page(draft_claim)))
    # The statement is still on the published claim, so its author may revise the held edit.
    statement = Statement.objects.get(pk=statement.pk)
    statement.claim, statement.paraphrase = draft_claim, "Revised after the reviewer read it"
    held_edits.hold(
        researcher, statement, opened_on=OpenedOn(moved_onto_draft.pk, moved_onto_draft.version)
    )
    response = reviewer_client.post(url, {**posted, "comment": "Read them"}, follow=True)
    moved_onto_draft.refresh_from_db()
    assert moved_onto_draft.status == Revision.Status.PENDING
    assert Statement.objects.get(pk=statement.pk).paraphrase == ""
    assert Claim.objects.get(pk=draft_claim.pk).status == Status.IN_REVIEW
    assert "held edits changed" in str(list(response.context["messages"])[0])


def test_the_review_step_page_refuses_a_claim_with_held_edits_it_does_not_show(
    reviewer_client, draft_claim, statement, moved_onto_draft
):
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "publish"])
    assert "Moved with new words" not in reviewer_client.get(url).content.decode()
    version = Claim.objects.get(pk=draft_claim.pk).version
    response = reviewer_client.post(url, {"comment": "", "version": version}, follow=True)
    moved_onto_draft.refresh_from_db()
    assert moved_onto_draft.status == Revision.Status.PENDING
    assert Statement.objects.get(pk=statement.pk).claim_id != draft_claim.pk
    assert Claim.objects.get(pk=draft_claim.pk).status == Status.IN_REVIEW
    assert response.redirect_chain[-1][0] == review_page(draft_claim)
    assert "held edits" in str(list(response.context["messages"])[0])


def action_comment(page, label):
    return next(a for a in page.context["actions"] if a["label"] == label)["form"][
        "comment"
    ].value()


def test_held_edits_changed_after_the_review_page_opened_keep_the_comment_typed(
    reviewer_client, researcher, claim, statement, party
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    statement.paraphrase = "What the reviewer read"
    revision = held_edits.hold(researcher, statement)
    page = reviewer_client.get(review_page(claim))
    reject = next(a for a in page.context["actions"] if a["label"] == "Request changes")
    posted = {name: reject["form"][name].value() for name in reject["form"].fields}
    statement.paraphrase = "Changed after the reviewer read it"
    held_edits.hold(researcher, statement, opened_on=OpenedOn(revision.pk, revision.version))
    comment = "Say who 'he' is: the paraphrase names nobody."
    response = reviewer_client.post(reject["url"], {**posted, "comment": comment}, follow=True)
    assert "changed after you opened" in response.content.decode()
    assert action_comment(response, "Request changes") == comment
    assert action_comment(response, "Publish changes") in (None, "")


def test_a_publication_refused_for_held_edits_unshown_keeps_the_comment_typed(
    reviewer_client, draft_claim, moved_onto_draft
):
    url = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "publish"])
    version = Claim.objects.get(pk=draft_claim.pk).version
    comment = "Checked both quotes against the source."
    response = reviewer_client.post(url, {"comment": comment, "version": version}, follow=True)
    assert response.redirect_chain[-1][0] == review_page(draft_claim)
    assert action_comment(response, "Publish") == comment


def test_a_decision_on_an_edit_changed_since_it_was_read_keeps_the_comment_typed(
    reviewer_client, revised_since_read
):
    revision, read_version = revised_since_read
    url = reverse("admin:tracker_revision_decide", args=[revision.pk, "reject"])
    comment = "The source says the opposite."
    page = reviewer_client.post(url, {"version": read_version, "comment": comment}, follow=True)
    assert "changed this edit after you opened it" in page.content.decode()
    assert action_comment(page, "Reject") == comment
    assert action_comment(page, "Approve") in (None, "")


def test_a_decision_on_an_edit_another_reviewer_decided_gives_back_the_comment_typed(
    reviewer_client, researcher, claim, statement
):
    statement.paraphrase = "Read by two reviewers"
    revision = held_edits.hold(researcher, statement)
    revision.reject(member_of("Reviewers", "wanda"), "Quicker than victor")
    url = reverse("admin:tracker_revision_decide", args=[revision.pk, "approve"])
    comment = "Matches the source word for word."
    page = reviewer_client.post(url, {"version": revision.version, "comment": comment}, follow=True)
    # The edit is decided, so its page has no decision form left to show the comment in.
    assert not page.context["actions"]
    assert comment in page.content.decode()


def test_comments_kept_for_two_refused_decisions_are_each_given_back(
    reviewer_client, researcher, revised_since_read, draft_claim
):
    revision, read_version = revised_since_read
    on_edit = reverse("admin:tracker_revision_decide", args=[revision.pk, "reject"])
    reviewer_client.post(on_edit, {"version": read_version, "comment": "First comment."})
    draft_claim.transition("submit", researcher)
    step = reverse("admin:tracker_claim_review", args=[draft_claim.pk, "request_changes"])
    read_claim = reviewer_client.get(step).context["form"].initial["version"]
    Claim.objects.filter(pk=draft_claim.pk).update(version=99)
    reviewer_client.post(step, {"version": read_claim, "comment": "Second comment."})
    edit_page = reviewer_client.get(reverse("admin:tracker_revision_change", args=[revision.pk]))
    assert action_comment(edit_page, "Reject") == "First comment."
    assert reviewer_client.get(step).context["form"]["comment"].value() == "Second comment."


def test_the_review_page_takes_the_same_queries_for_3_and_23_proposed_new_statements(
    reviewer_client, researcher, claim, party, source
):
    """Each proposed statement's changes name its claim, party and source: the review page
    reads the names of the whole page together, one query per model, not three per statement."""
    url = review_page(claim)

    def propose_statements(count):
        for index in range(count):
            proposer = Party.objects.create(
                name=f"Party {count}-{index}", slug=f"p-{count}-{index}", kind="group"
            )
            new = Statement(
                claim=claim, party=proposer, relayed_by=party,
                source=source, quote="Prosecutors", quote_start=0, quote_end=11,
                stance=Statement.Stance.SUPPORTS, kind=Statement.Kind.TESTIMONY,
            )  # fmt: skip
            held_edits.hold(researcher, new)

    propose_statements(3)
    reviewer_client.get(url)  # caches the content types the page reads
    few = count_queries(reviewer_client, url)
    propose_statements(20)
    assert count_queries(reviewer_client, url) == few
    page = reviewer_client.get(url).content.decode()
    assert page.count("Party 20-19") >= 2  # in the entry's title and in its party's change
    assert page.count(source.display_title) >= 23
    assert page.count(party.name) >= 23


def test_a_tag_deleted_since_a_held_edit_proposed_it_is_named_as_deleted(
    reviewer_client, researcher, claim, party
):
    from tracker.models import Tag

    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    kept = Tag.objects.create(name="kept", slug="kept")
    gone = Tag.objects.create(name="gone", slug="gone")
    claim.text = "Dzhumageldiev led part of the crowd"
    held_edits.hold(researcher, claim, related={"tags": [kept.pk, gone.pk]})
    gone_pk = gone.pk
    gone.delete()
    body = reviewer_client.get(review_page(claim)).content.decode()
    assert f"(deleted #{gone_pk})" in body
    assert "kept" in body


def test_the_claim_a_held_edit_moves_a_statement_off_shows_it_and_decides_it(
    reviewer_client, claim, draft_claim, statement, moved_onto_draft
):
    # Listed with the claim it moves onto only, the move was never shown to the reviewer of
    # the published claim that loses the statement.
    page = reviewer_client.get(review_page(claim))
    body = page.content.decode()
    assert "Moved with new words" in body
    assert reverse("admin:tracker_revision_change", args=[moved_onto_draft.pk]) in body
    approve = next(a for a in page.context["actions"] if a["label"] == "Publish changes")
    posted = {name: approve["form"][name].value() for name in approve["form"].fields}
    assert posted["shown"] == str(moved_onto_draft.pk)
    # Still listed with the claim it moves onto, too.
    assert "Moved with new words" in reviewer_client.get(review_page(draft_claim)).content.decode()

    reviewer_client.post(approve["url"], {**posted, "comment": "It belongs there"})

    moved_onto_draft.refresh_from_db()
    assert moved_onto_draft.status == Revision.Status.APPROVED
    assert Statement.objects.get(pk=statement.pk).claim_id == draft_claim.pk


def test_publishing_a_claim_approves_a_held_edit_moving_its_statement_off_as_its_page_showed(
    reviewer, researcher, reviewer_client, claim, party, draft_claim, statement, moved_onto_draft
):
    Claim.objects.filter(pk=claim.pk).update(claimant=party)
    back_in_review(claim, reviewer, researcher)
    url, posted = publish_action(reviewer_client.get(review_page(claim)))
    assert posted["shown"] == str(moved_onto_draft.pk)

    reviewer_client.post(url, {**posted, "comment": "Read the move too"})

    assert Claim.objects.get(pk=claim.pk).status == Status.PUBLISHED
    moved_onto_draft.refresh_from_db()
    assert moved_onto_draft.status == Revision.Status.APPROVED
    assert Statement.objects.get(pk=statement.pk).claim_id == draft_claim.pk
