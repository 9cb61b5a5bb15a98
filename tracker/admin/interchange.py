"""Case documents from the admin: export a case from its page, import one from the case list.

Ordinary views that ``CaseAdmin`` routes to behind ``admin_view``; the work itself is
``tracker.interchange``'s, as for the ``export_case`` and ``import_case`` commands.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from tracker import permissions
from tracker.forms import CaseDocumentForm
from tracker.interchange import (
    ImportRefused,
    dump_case_document,
    export_case,
    import_case,
    read_case_document,
)
from tracker.models import Case

from .tracking import acting_user


def export_case_document(request: HttpRequest, object_id: int) -> HttpResponse:
    if not request.user.has_perm("tracker.view_case"):
        raise PermissionDenied
    case = get_object_or_404(Case, pk=object_id)
    response = HttpResponse(
        dump_case_document(export_case(case)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{case.slug}.json"'
    return response


def import_case_document(request: HttpRequest, admin_site: AdminSite) -> HttpResponse:
    if not permissions.may_import_cases(request.user):
        raise PermissionDenied
    form = CaseDocumentForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            raw = form.cleaned_data["document"].read()
            report = import_case(
                read_case_document(raw),
                acting_user(request),
                form.cleaned_data["keep_public_notes"],
            )
        except ImportRefused as refusal:
            problems = refusal.problems
        else:
            for line in report.lines():
                messages.success(request, line)
            assert report.case is not None
            return redirect("admin:tracker_case_change", report.case.pk)
    context = {
        **admin_site.each_context(request),
        "title": "Import a case document",
        "form": form,
        "problems": problems,
        "opts": Case._meta,
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "admin/tracker/case/import_document.html", context, status=status
    )
