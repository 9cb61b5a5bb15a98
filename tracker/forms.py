"""Forms the admin's custom pages and the source editor use."""

from django import forms

from .models import Source


class SourceForm(forms.ModelForm):
    # Stripping would change the verbatim text and shift every quote's offsets.
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100}),
        strip=False,
        help_text=Source._meta.get_field("text").help_text,
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
            "text",
            "version",
        ]

    def clean_text(self) -> str:
        # Browsers send textarea line breaks as CRLF; the stored text uses LF.
        text: str = self.cleaned_data["text"]
        return text.replace("\r\n", "\n")


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
