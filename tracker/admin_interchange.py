"""Case documents from the admin: export a case from its page, import one from the case list.

Ordinary views the admin routes to (see ``tracker/urls.py``), wrapped by the admin site for
its login and CSRF protection; the work itself is ``tracker.interchange``'s, as for the
``export_case`` and ``import_case`` commands.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from .interchange import ImportRefused, dump_case_document, export_case, import_case
from .interchange import read_case_document as parse_document
from .models import Case
from .models.claims import REVIEW_PERMISSION

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
# An import creates claims in the statuses the document gives, published ones included,
# so it takes a reviewer's permission besides the right to add each kind of row.
IMPORT_PERMISSIONS = [
    REVIEW_PERMISSION,
    *(
        f"tracker.add_{name}"
        for name in (
            "case",
            "outcome",
            "claim",
            "statement",
            "source",
            "party",
            "partyalias",
            "tag",
        )
    ),
]


def may_import_cases(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, PermissionsMixin) and user.has_perms(IMPORT_PERMISSIONS)


class CaseDocumentForm(forms.Form):
    document = forms.FileField(
        label="Case document",
        help_text="A JSON file written by “Export case document” or manage.py export_case.",
    )

    def clean_document(self) -> object:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size // (1024 * 1024)} MB; at most "
                f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB is accepted."
            )
        return upload


def export_case_document(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("tracker.view_case"):
        raise PermissionDenied
    case = get_object_or_404(Case, slug=slug)
    response = HttpResponse(
        dump_case_document(export_case(case)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{case.slug}.json"'
    return response


def import_case_document(request: HttpRequest) -> HttpResponse:
    if not may_import_cases(request):
        raise PermissionDenied
    form = CaseDocumentForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            raw = form.cleaned_data["document"].read()
            report = import_case(parse_document(raw))
        except ImportRefused as refusal:
            problems = refusal.problems
        else:
            for line in report.lines():
                messages.success(request, line)
            assert report.case is not None
            return redirect("admin:tracker_case_change", report.case.pk)
    context = {
        **admin.site.each_context(request),
        "title": "Import a case document",
        "form": form,
        "problems": problems,
        "opts": Case._meta,
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "admin/tracker/case/import_document.html", context, status=status
    )


urlpatterns = [
    path(
        "tracker/case/import-document/",
        admin.site.admin_view(import_case_document),
        name="case-import-document",
    ),
    path(
        "tracker/case/export-document/<slug:slug>/",
        admin.site.admin_view(export_case_document),
        name="case-export-document",
    ),
]
