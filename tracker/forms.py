"""Forms the admin's custom pages and the source editor use."""

from typing import Any

from django import forms

from .models import Source

MAX_SOURCE_BYTES = 5 * 1024 * 1024


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
        help_text="A UTF-8 .txt file, stored byte for byte in place of the box above.",
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
        # Browsers send textarea line breaks as CRLF; the stored text uses LF.
        text: str = self.cleaned_data["text"]
        return text.replace("\r\n", "\n")

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
        if from_file and typed and typed != from_file and self.instance._state.adding:
            self.add_error("text_file", "Give the text or a file, not both.")
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


def source_too_large(size: int) -> str:
    return (
        f"This text is {size / 1024 / 1024:.1f} MB; a source may hold at most "
        f"{MAX_SOURCE_BYTES // 1024 // 1024} MB. Split the document into parts."
    )


class LocateQuoteForm(forms.Form):
    source = forms.ModelChoiceField(Source.objects.all())
    quote = forms.CharField(max_length=100_000)
    start = forms.IntegerField(required=False, min_value=0)


class ReviewStepForm(forms.Form):
    comment = forms.CharField(
        label="Comment for the review history (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
    )
    # The version the reviewer read: a claim changed since then is not published unseen.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


MAX_CASE_DOCUMENT_BYTES = 50 * 1024 * 1024


class CaseDocumentForm(forms.Form):
    document = forms.FileField(
        label="Case document",
        help_text="A JSON file written by “Export case document” or manage.py export_case.",
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
