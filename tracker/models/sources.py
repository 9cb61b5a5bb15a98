import hashlib

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tracker.quoting import reanchor, unchanged_blocks

from .versioning import Versioned


class HttpsURLField(models.URLField):
    """A URL field whose form reads a scheme-less address as https, as Django 6 will."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class Source(Versioned, models.Model):
    """A document statements are quoted from, kept verbatim so every quote can be checked."""

    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", "News report"
        COURT_RECORD = "court_record", "Court record"
        INTERVIEW = "interview", "Interview"
        OFFICIAL_STATEMENT = "official_statement", "Official statement"
        OTHER = "other", "Other document"

    title = models.CharField(
        max_length=300, blank=True, help_text="The document's own title; empty if it has none."
    )
    slug = models.SlugField(max_length=200, unique=True)
    outlet = models.CharField(
        max_length=200, blank=True, help_text="Who published it; empty where unknown."
    )
    cited_outlet = models.CharField(
        max_length=200,
        blank=True,
        help_text="The outlet this document cites as its own source, e.g. Tengrinews.kz.",
    )
    url = HttpsURLField(max_length=500, blank=True, help_text="Empty where unknown.")
    published_on = models.DateField(null=True, blank=True, help_text="Empty where unknown.")
    language = models.CharField(
        max_length=20, default="en", help_text="BCP 47 code, e.g. en, ru, kk."
    )
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.NEWS_REPORT)
    text = models.TextField(
        help_text="The full text, verbatim. Quotes are checked against it character by character."
    )
    sha256 = models.CharField(max_length=64, editable=False, verbose_name="SHA-256")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.display_title

    def save(self, *args, **kwargs):
        self.sha256 = self.digest(self.text)
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sha256"}
        with transaction.atomic():
            moves = self.plan_reanchoring()
            super().save(*args, **kwargs)
            for quotation, anchor in moves:
                quotation.quote_start, quotation.quote_end = anchor.start, anchor.end
                quotation.save()

    def get_absolute_url(self):
        return reverse("tracker:source-detail", args=[self.slug])

    def clean(self):
        super().clean()
        self.plan_reanchoring()

    @property
    def display_title(self):
        if self.title:
            return self.title
        opening = self.text[:80].split("\n")[0]
        return f"“{opening}…” (untitled)"

    @staticmethod
    def digest(text):
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def quotations(self):
        """Every statement and outcome that quotes this source."""
        return [
            *self.statements.select_related("party", "claim").order_by("pk"),
            *self.outcomes.select_related("party").order_by("pk"),
        ]

    def plan_reanchoring(self):
        """The quotations whose offsets a change of text moves, with their new anchors.

        Refuses (ValidationError on ``text``) a change that would leave any quotation
        without its exact words, listing each one.
        """
        if self._state.adding or self.pk is None:
            return []
        stored_text = Source._base_manager.filter(pk=self.pk).values_list("text", flat=True).first()
        if stored_text is None or stored_text == self.text:
            return []
        blocks = unchanged_blocks(stored_text, self.text)
        moves, broken = [], []
        for quotation in self.quotations():
            anchor = reanchor(
                stored_text,
                self.text,
                quotation.quote_start,
                quotation.quote_end,
                blocks=blocks,
            )
            if anchor is None:
                broken.append(quotation)
            elif (anchor.start, anchor.end) != (quotation.quote_start, quotation.quote_end):
                moves.append((quotation, anchor))
        if broken:
            listed = "; ".join(
                f"{q._meta.verbose_name} {q.pk} ({q.party}): «{q.quote}»" for q in broken
            )
            raise ValidationError(
                {
                    "text": f"This change would break {len(broken)} quote(s) that are no longer "
                    f"found in the text, or no longer found in one place: {listed}. "
                    "Change or remove those statements first."
                }
            )
        return moves
