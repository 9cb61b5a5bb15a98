"""Held edits: a researcher's change to something a published claim shows, waiting for a reviewer.

A ``Revision`` carries the proposed field values (foreign keys as ids, many-to-many fields as
lists of ids) and the values they were proposed against. The object itself keeps its last
approved state, so every public page, feed and export shows that until a reviewer approves;
approval applies the values through ``full_clean()`` and ``save()``, so history, search text and
version checks see an ordinary save. A proposed new row (a statement, alias or note added to
something published) is a revision without an object yet: nothing public has to filter it out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .claims import Claim
from .held_locking import lock_rows_changed, sources_of
from .held_values import (
    FieldChange,
    LinkedNames,
    ProposedParty,
    changes_between,
    field_values,
    held_fields,
    related_ids,
)
from .links import optional_link
from .review import REVIEW_PERMISSION
from .versioning import StaleEditError

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from tracker.quoting import Anchor

    from .sources import Source


# What ties a quote to its source's words, in a statement's or an outcome's held values.
QUOTE_OFFSETS = ("quote_start", "quote_end")
QUOTE_PLACE = ("source_id", *QUOTE_OFFSETS)
# A held edit's values: those proposed, and those they were proposed against.
SIDES = ("proposed", "base")


class RevisionConflict(ValidationError):
    """The object changed after the revision was proposed; approving would overwrite that."""


class RevisionQuerySet(models.QuerySet["Revision"]):
    def pending(self) -> RevisionQuerySet:
        return self.filter(status=Revision.Status.PENDING)

    def of(self, obj: models.Model) -> RevisionQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)

    def of_claim(self, claim: Claim) -> RevisionQuerySet:
        """The held edits ``claim``'s review page shows, and its decisions and its publication
        decide: those of the claim, its notes and its statements, the ones it would gain
        included (``Revision.claim``), and those moving one of its statements to another
        claim, which it would lose."""
        from .statements import Statement

        statement_kind = ContentType.objects.get_for_model(Statement)
        its_statements = Statement._base_manager.filter(claim=claim).values("pk")
        moving_off = Q(content_type=statement_kind, object_id__in=its_statements)
        return self.filter(Q(claim=claim) | moving_off)

    def with_targets(self) -> RevisionQuerySet:
        """With the rows they change, and the party that a statement's, a role's or an
        outcome's title names (a proposed new one's too), read together for a list."""
        from .cases import CaseRole, Outcome
        from .statements import Statement

        titled_by_party = [
            Statement.objects.select_related("party"),
            CaseRole.objects.select_related("party"),
            Outcome.objects.select_related("party"),
        ]
        targets = GenericPrefetch("target", titled_by_party)
        # mypy's Django plugin knows Django's relations only, not ``ProposedParty``.
        return self.prefetch_related(targets, "proposed_party")  # type: ignore[misc]

    def quoting(self, source: Source) -> RevisionQuerySet:
        """Pending held edits of statements and outcomes that may hold offsets in ``source``'s
        text: those whose values name it, and changes to rows that quote it. Each comes with
        its author, and the row it changes, whose values count where it holds none."""
        quoting_models = [source.statements.model, source.outcomes.model]
        kinds = ContentType.objects.get_for_models(*quoting_models)
        naming = Q(proposed__source_id=source.pk) | Q(base__source_id=source.pk)
        for model, kind in kinds.items():
            rows = model._base_manager.filter(source=source).values("pk")
            naming |= Q(content_type=kind, object_id__in=rows)
        quoting = self.pending().filter(naming, content_type__in=kinds.values())
        return quoting.select_related("content_type", "author").prefetch_related("target")

    def in_lock_order(self) -> list[Revision]:
        """These held edits, locked until the transaction ends, in key order.

        Every transaction takes its locks in one order: the sources whose text it reads or
        changes (``SourceQuerySet.lock``), then held edits, all of them at once in key order,
        then the rows they change: claims first, in key order, then the other kinds, each in
        key order (``held_locking``). A statement's save or deletion updates its claim before
        its own row (``Statement.save``), so a claim's page (the claim, then its statements),
        a statement's own page, an approval and a change of a source's text all lock a claim
        before its statements. One taking them otherwise waits, sooner or later, for one that
        waits for it: PostgreSQL then breaks one off.
        """
        return list(self.select_for_update(of=("self",)).order_by("pk"))

    def locked(self) -> list[Revision]:
        """These held edits, locked for a decision (``in_lock_order``), after the sources
        whose text approving them changes or checks a quote against
        (``Revision.quoted_source_ids``).

        A change of a source's text takes the source's lock first, then moves the quotes of
        the held edits quoting it, then those of its statements (and touches their claims):
        taken the other way round, the held edit or its claim first, each would wait for the
        other. The sources are those the held edits quote as read before they are locked. One
        made to quote another source before the rows it changes are locked too (by its author,
        or by a direct save of its row) is refused (StaleEditError): that source, locked now,
        would be locked the wrong way round, and the edit is not the one the reviewer read.
        """
        from .sources import Source

        reading = self.select_related("content_type")
        changing, quoted = sources_of(list(reading.prefetch_related("target")))
        Source.objects.filter(pk__in=changing).lock(for_change=True)
        Source.objects.filter(pk__in=quoted).lock()
        revisions = reading.in_lock_order()
        lock_rows_changed(revisions)
        changing_now, quoted_now = sources_of(revisions)
        if not (changing_now <= changing and quoted_now <= changing | quoted):
            raise StaleEditError(CHANGED_WHILE_DECIDED)
        return revisions

    def saved_with(self, obj: models.Model, claim: Claim | None) -> RevisionQuerySet:
        """The held edits a save of ``obj`` may revise: its own and, where it belongs to
        ``claim``, those of everything that claim's page saves with it (the claim itself, its
        statements and notes), so that the save locks them all at once (``in_lock_order``)."""
        edits = self.of(obj)
        return edits | self.of_claim(claim) if claim is not None else edits


CHANGED_WHILE_DECIDED = (
    "A held edit was changed while it was being decided (it now quotes a source it did not "
    "quote when it was read). Nothing was decided; read it again, then decide."
)
CHANGED_SINCE_READ = "The author changed this edit after you opened it; read it again."


class Revision(models.Model):
    """A proposed change to one object (or a proposed new one), and the reviewer's decision."""

    class Status(models.TextChoices):
        PENDING = "pending"
        APPROVED = "approved"
        REJECTED = "rejected"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(
        null=True, blank=True, help_text="Empty while a proposed new row awaits approval."
    )
    target = GenericForeignKey("content_type", "object_id")
    proposed_party = ProposedParty()
    adds_row = models.BooleanField(
        default=False, help_text="Proposes a new row (a statement, alias, note) to be created."
    )
    claim = optional_link(
        Claim,
        related_name="revisions",
        help_text="The claim whose review page shows this change, for a claim, its statements "
        "and its notes.",
    )
    proposed = models.JSONField(
        encoder=DjangoJSONEncoder, help_text="The proposed values, by field (ids for links)."
    )
    base = models.JSONField(
        encoder=DjangoJSONEncoder,
        default=dict,
        blank=True,
        help_text="The values the change was proposed against; approval is refused if the "
        "object no longer has them.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="revisions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=0, help_text="Raised each time the author changes the proposal."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decided_revisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The reviewer's reason, sent to the author.")

    objects = RevisionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="pending", object_id__isnull=False),
                name="one_pending_revision_per_object",
                violation_error_message="This object already has a change waiting for review.",
            ),
        ]
        ordering = ["created_at", "pk"]
        verbose_name = "held edit"

    def __str__(self) -> str:
        verb = "New" if self.adds_row else "Change to"
        return f"{verb} {self.content_type.name}: {self.describe_target()}"

    def describe_target(self) -> str:
        stored = self.stored_object()
        if stored is not None:
            return str(stored)
        proposed = self.proposed_object()
        if self.proposed_party is not None:
            proposed.party = self.proposed_party  # type: ignore[attr-defined]
        return str(proposed)

    def changes(self, names: LinkedNames | None = None) -> list[FieldChange]:
        """What the edit changes; ``names`` names the rows they link to with a page's others."""
        model = self.content_type.model_class()
        assert model is not None
        return changes_between(model, self.base, self.proposed, names)

    def stored_object(self) -> models.Model | None:
        """The object changed (``prefetch_related("target")`` loads it for a list), if any."""
        if self.object_id is None:
            return None
        stored: models.Model | None = self.target
        return stored

    def proposed_object(self) -> models.Model:
        """The object as it would be after approval (not saved): the stored row, or a new one,
        with the proposed values set."""
        model = self.content_type.model_class()
        assert model is not None
        # A fresh copy: the stored object (``target``) stays as it is, for comparing with.
        stored = model._base_manager.filter(pk=self.object_id).first() if self.object_id else None
        obj = stored or model()
        for field in held_fields(model):
            if field.attname in self.proposed:
                setattr(obj, field.attname, field.to_python(self.proposed[field.attname]))
        return obj

    def quoted_spans(self, source_id: int) -> list[tuple[str, int, int]]:
        """Where this edit's quote stands in the text of source ``source_id``, as (side,
        start, end), on each side (``SIDES``) that holds a quote's source or offsets and puts
        it there; a side holding none is the stored row's quote, which moves with the row."""
        stored = self.stored_object()
        spans = []
        for side in SIDES:
            values: dict[str, Any] = getattr(self, side)
            if not any(key in values for key in QUOTE_PLACE):
                continue
            place, start, end = (values.get(key, getattr(stored, key, None)) for key in QUOTE_PLACE)
            if place == source_id and isinstance(start, int) and isinstance(end, int):
                spans.append((side, start, end))
        return spans

    def quoted_source_ids(self) -> set[int]:
        """The sources this edit's quote stands in, on either side or in its row: the one
        approving it checks the quote against, and those whose change of text moves it."""
        named = [self.proposed.get("source_id"), self.base.get("source_id")]
        named.append(getattr(self.stored_object(), "source_id", None))
        return {pk for pk in named if isinstance(pk, int)}

    def move_quote(self, anchors: dict[str, Anchor]) -> None:
        """Set the offsets of each side in ``anchors``, the words having moved in their source's
        text. Both sides of a change then hold both offsets, so that what the reviewer reads
        as changed, and what approval checks against the stored row, stay as proposed."""
        stored = self.stored_object()
        for side in SIDES:
            values: dict[str, Any] = getattr(self, side)
            if stored is not None:
                for key in QUOTE_OFFSETS:
                    values.setdefault(key, getattr(stored, key))
            if side in anchors:
                values["quote_start"], values["quote_end"] = anchors[side]
        # The author did not change it, so its version and time stay as they were; but one
        # the author changed, or a reviewer decided, since it was read is not overwritten.
        unchanged = Revision.objects.pending().filter(pk=self.pk, version=self.version)
        if not unchanged.update(proposed=self.proposed, base=self.base):
            raise StaleEditError(
                f"The held edit {self.pk} quoting this source was changed or decided while the "
                "text was being saved. Nothing was saved; save again to move its quote too."
            )

    def conflicts(self, obj: models.Model) -> list[str]:
        """The fields (verbose names) whose stored value is no longer the one proposed against."""
        current = {**field_values(obj), **related_ids(obj)}
        return [
            str(
                getattr(obj._meta.get_field(self.field_name(obj, attname)), "verbose_name", attname)
            )
            for attname, value in self.base.items()
            if current.get(attname) != value
        ]

    @staticmethod
    def field_name(obj: models.Model, attname: str) -> str:
        for field in obj._meta.get_fields():
            if getattr(field, "attname", field.name) == attname:
                return field.name
        return attname

    def approve(self, reviewer: User | AnonymousUser, comment: str = "") -> models.Model:
        """Apply the proposed values through ``full_clean()`` and ``save()``; refuse if the
        object changed since they were proposed, if the edit changed since this copy of it was
        read (``locked_pending``), or if the result is not valid."""
        from tracker import emails

        reviewer_user = self.check_reviewer(reviewer)
        with transaction.atomic():
            revision = self.locked_pending()
            obj = revision.proposed_object()
            stored = revision.stored_object()
            if stored is not None:
                conflicting = revision.conflicts(stored)
                if conflicting:
                    raise RevisionConflict(
                        "The object changed after this edit was proposed (in: "
                        f"{', '.join(conflicting)}); approving it would overwrite that. Reject "
                        "it and ask the author to make the change again."
                    )
            elif revision.object_id is not None:
                raise ValidationError("The object this edit changes no longer exists.")
            obj._history_user = revision.author  # type: ignore[attr-defined]
            obj._change_reason = (  # type: ignore[attr-defined]
                f"Held edit approved by {reviewer_user}" + (f": {comment}" if comment else "")
            )
            obj.full_clean()
            obj.save()
            for field in obj._meta.many_to_many:
                if field.name in revision.proposed:
                    getattr(obj, field.name).set(revision.proposed[field.name])
            revision.object_id = obj.pk
            revision.decide(self.Status.APPROVED, reviewer_user, comment)
            emails.notify_revision_decided(revision)
        self.refresh_from_db()
        return obj

    def reject(self, reviewer: User | AnonymousUser, comment: str = "") -> None:
        """Leave the object as it is and record why."""
        from tracker import emails

        reviewer_user = self.check_reviewer(reviewer)
        with transaction.atomic():
            revision = self.locked_pending()
            revision.decide(self.Status.REJECTED, reviewer_user, comment)
            emails.notify_revision_decided(revision)
        self.refresh_from_db()

    @staticmethod
    def check_reviewer(user: User | AnonymousUser) -> User:
        if isinstance(user, AnonymousUser) or not user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied("Only reviewers approve or reject held edits.")
        return user

    def locked_pending(self) -> Revision:
        """This held edit, locked for a decision, as it was read: one decided or changed by
        its author since is refused, so that a reviewer decides only what they have read."""
        [revision] = Revision.objects.filter(pk=self.pk).locked()
        if revision.status != self.Status.PENDING:
            raise ValidationError(f"This edit was already {revision.get_status_display().lower()}.")
        if revision.version != self.version:
            raise StaleEditError(CHANGED_SINCE_READ)
        return revision

    def decide(self, status: str, reviewer: User, comment: str) -> None:
        self.status, self.reviewer, self.comment = status, reviewer, comment
        self.decided_at = timezone.now()
        self.save()
