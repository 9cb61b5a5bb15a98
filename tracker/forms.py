"""Forms the admin's custom pages and the source editor use."""

from typing import Any

from django import forms
from django.utils.text import slugify

from .models import Case, Claim, Point, Source, Statement
from .models.quotations import QUOTE_FIELDS
from .models.review import HeldEditsRead
from .permissions import AnyUser, claims_open_to
from .quoting import breaks_lines_with_crlf
from .slugs import free_slug

MAX_SOURCE_BYTES = 5 * 1024 * 1024
BOTH_GIVEN = (
    "Give the text or a file, not both: the box above holds text you typed, and a file was "
    "chosen. Nothing was saved and your text is kept above; to store the file instead, empty "
    "the box and choose the file again."
)


class SourceForm(forms.ModelForm):
    # Stripping would change the verbatim text and shift every quote's offsets.
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        strip=False,
        required=False,
        help_text=Source._meta.get_field("text").help_text + " Paste it, or upload a file below.",
    )
    text_file = forms.FileField(
        required=False,
        label="…or a text file",
        help_text="A UTF-8 .txt file, stored byte for byte in place of the box above; leave "
        "the box as it was, or empty, when you choose one.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "slug",
            "kind",
            "language",
            "outlet",
            "cited_outlet",
            "url",
            "published_on",
            "published_when",
            "text",
            "version",
        ]

    def clean_text(self) -> str:
        """The text with the line breaks the source is stored with. Browsers send every line
        break in a textarea as CRLF (a lone CR having become LF): a new text is stored with LF,
        an unchanged one exactly as it was, and an edited one with the stored text's CRLF if
        that is what it uses (a file stored byte for byte), so its quotes keep their words."""
        text = as_lf(self.cleaned_data["text"])
        stored = "" if self.instance._state.adding else self.instance.text
        if stored and text == as_lf(stored):
            return stored
        if breaks_lines_with_crlf(stored):
            return text.replace("\n", "\r\n")
        return text

    def clean_text_file(self) -> str | None:
        upload = self.cleaned_data.get("text_file")
        if not upload:
            return None
        if upload.size > MAX_SOURCE_BYTES:
            raise forms.ValidationError(source_too_large(upload.size))
        raw = upload.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                f"This file is not UTF-8 text (byte {error.start} is 0x{raw[error.start]:02x}); "
                "save it as UTF-8 and upload it again."
            ) from error
        if not text.strip():
            raise forms.ValidationError("This file holds no text.")
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        from_file, typed = cleaned.get("text_file"), cleaned.get("text", "")
        # A file replaces what the box was opened with (the stored text, or the user's own
        # pending change to it), not a text typed into it.
        opened_with = as_lf(self.initial.get("text") or "")
        if from_file and typed and as_lf(typed) not in (as_lf(from_file), opened_with):
            self.add_error("text_file", BOTH_GIVEN)
            return cleaned
        text = from_file or typed
        if not text.strip():
            self.add_error("text", "Paste the document's full text, or upload it as a file.")
            return cleaned
        size = len(text.encode("utf-8"))
        if size > MAX_SOURCE_BYTES:
            self.add_error("text", source_too_large(size))
        elif self.instance._state.adding:
            existing = Source.objects.filter(sha256=Source.digest(text)).first()
            if existing is not None:
                self.add_error("text", f"This text is stored already, as the source “{existing}”.")
        cleaned["text"] = text
        self.instance.text = text
        return cleaned


def as_lf(text: str) -> str:
    """``text`` with every line break (CRLF, CR or LF) as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_too_large(size: int) -> str:
    return (
        f"This text is {size / 1024 / 1024:.1f} MB; a source may hold at most "
        f"{MAX_SOURCE_BYTES // 1024 // 1024} MB. Split the document into parts."
    )


class LocateQuoteForm(forms.Form):
    source = forms.ModelChoiceField(Source.objects.all())
    quote = forms.CharField(max_length=100_000)
    start = forms.IntegerField(required=False, min_value=0)


def optional_comment(label: str, rows: int, cols: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows, "cols": cols}),
    )


def shown_held_edits_field() -> forms.RegexField:
    """Which held edits a claim's review page showed, by id: the decision it posts is on them."""
    return forms.RegexField(
        regex=r"^[0-9]{1,18}(,[0-9]{1,18}){0,999}$", required=False, widget=forms.HiddenInput
    )


class ReviewStepForm(forms.Form):
    comment = optional_comment("Comment for the review history (optional)", rows=4, cols=80)
    # The version the reviewer read: a claim changed since then is not published unseen.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Publishing approves the claim's held edits: the ones the page showed (none, unless it
    # is the claim's review page) and their versions summed, so that others are refused.
    shown = shown_held_edits_field()
    held_version = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def held_edits_read(self) -> HeldEditsRead:
        return HeldEditsRead(self.cleaned_data["shown"], self.cleaned_data["held_version"] or 0)


class BulkPublishForm(forms.Form):
    """Publishing several claims at once: one comment, required, goes on each one's record."""

    comment = forms.CharField(
        label="Comment for each claim's review history",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text="Say what you checked; it is recorded on every claim published here.",
    )


MAX_CASE_DOCUMENT_BYTES = 50 * 1024 * 1024


class CaseDocumentForm(forms.Form):
    document = forms.FileField(
        label="Case document",
        help_text="A JSON file written by “Export case document” or manage.py export_case.",
    )
    keep_public_notes = forms.BooleanField(
        required=False,
        label="Keep its public notes public",
        help_text="Public notes appear on the reader site. Left unticked, the document's "
        "public notes arrive as internal notes, for a reviewer here to make public one by one.",
    )

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_CASE_DOCUMENT_BYTES:
            megabytes = 1024 * 1024
            raise forms.ValidationError(
                f"The file is {upload.size // megabytes} MB; at most "
                f"{MAX_CASE_DOCUMENT_BYTES // megabytes} MB is accepted."
            )
        return upload


# A quote's place: a change to any of these is checked against the text the form showed.
QUOTE_PLACE = {"source", *QUOTE_FIELDS}


class QuotationForm(forms.ModelForm):
    """A statement's or outcome's form, carrying hidden the digest of the source text its
    quote was located in: the workbench page's, or the quote preview's. Where the quote's
    place changes, the model refuses offsets counted in a text someone has edited since
    (``Quotation.anchor_quote``): they may mean other words, even a repeat of the same words.
    """

    source_sha256 = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if QUOTE_PLACE & set(self.changed_data):
            self.instance.source_sha256 = cleaned.get("source_sha256") or ""
        return cleaned


class WorkbenchStatementForm(QuotationForm):
    """A draft statement from words selected on a source's workbench.

    The offsets come from the selection and are required: the model's ``full_clean`` checks
    the quote is the source's text exactly there, so nothing is found by guessing. The claim is
    one open to the researcher, or a new draft written in ``new_claim`` for ``new_claim_case``.
    """

    new_claim = forms.CharField(
        required=False, max_length=1000, label="…or a new claim", strip=True
    )
    new_claim_case = forms.ModelChoiceField(
        Case.objects.all(), required=False, label="Case of the new claim"
    )
    new_claim_point = forms.ModelChoiceField(
        Point.objects.select_related("case"),
        required=False,
        label="Disputed point it is a version of",
    )
    new_point = forms.CharField(
        required=False, max_length=1000, label="…or a new disputed point (a neutral question)"
    )

    class Meta:
        model = Statement
        fields = ["claim", "party", "stance", "kind", "quote", "quote_start", "quote_end"]
        widgets = {"stance": forms.RadioSelect}

    def __init__(self, *args: Any, user: AnyUser, source: Source, **kwargs: Any) -> None:
        kwargs["instance"] = Statement(source=source)
        super().__init__(*args, **kwargs)
        self.fields["claim"].queryset = claims_open_to(user)  # type: ignore[attr-defined]
        self.fields["claim"].required = False
        self.fields["stance"].choices = Statement.Stance.choices  # type: ignore[attr-defined]
        self.fields["quote"].strip = False  # type: ignore[attr-defined]
        for offset in ("quote_start", "quote_end"):
            self.fields[offset].required = True
        self.fields["source_sha256"].initial = source.sha256

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("claim") is None and not cleaned.get("new_claim"):
            if "claim" not in self.errors:
                self.add_error("claim", "Choose a claim, or write a new one.")
        elif cleaned.get("claim") is None and not (
            cleaned.get("new_claim_case") or cleaned.get("new_claim_point")
        ):
            self.add_error("new_claim_case", "Choose the case the new claim belongs to.")
        if cleaned.get("new_claim_point") is not None and cleaned.get("new_point"):
            self.add_error("new_point", "Choose a disputed point or write a new one, not both.")
        return cleaned

    def new_draft_claim(self) -> tuple[Claim | None, Point | None]:
        """The unsaved draft claim the researcher wrote, if they wrote one, and the new
        disputed point it is a version of, if they wrote one. A new claim is put forward by
        the party whose statement supports it."""
        data = self.cleaned_data
        if data.get("claim") is not None:
            return None, None
        case = data["new_claim_case"] or data["new_claim_point"].case
        point = data["new_claim_point"]
        new_point = None
        if data.get("new_point"):
            question = data["new_point"]
            point = new_point = Point(
                case=case, question=question, slug=unique_slug(Point, question)
            )
        claim = Claim(
            case=case,
            text=data["new_claim"],
            slug=unique_slug(Claim, data["new_claim"]),
            point=point,
            claimant=data["party"] if data["stance"] == Statement.Stance.SUPPORTS else None,
        )
        return claim, new_point


def unique_slug(model: type[Claim | Point], text: str) -> str:
    """A slug made from ``text`` that no row of ``model`` has yet."""
    return free_slug(model, slugify(text)[:190] or model._meta.model_name or "item")


class HeldEditDecisionForm(forms.Form):
    comment = optional_comment("Comment for the author (optional)", rows=3, cols=60)
    # The version of the held edit the reviewer read: one its author changed since is not
    # approved unseen.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # On a claim's review page, which held edits it showed (ids), and ``version`` their
    # versions summed: an edit revised or added since is not decided unseen.
    shown = shown_held_edits_field()
