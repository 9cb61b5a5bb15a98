"""The tracker's tables, its two roles and, on PostgreSQL, its trigram search indexes.

This replaces migrations 0001-0013. A database that has applied all thirteen counts this one as
applied and migrates nothing; a new database gets the same tables, column for column, the same
roles and the same indexes. A database that stopped part way through them is not brought up to
date by this migration: migrate it first with the tracker at commit f39d984, which still has
0001-0013 (until then ``tracker.checks`` stops ``migrate`` with a message saying so).

The operations are written in ``_0001_squashed_0013``, one module per concept.
"""

from django.conf import settings
from django.db import migrations

from tracker.migrations._0001_squashed_0013 import (
    cases,
    claims,
    parties,
    review,
    roles,
    search,
    sources,
)


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("tracker", "0001_initial"),
        ("tracker", "0002_review_history_locking"),
        ("tracker", "0003_roles"),
        ("tracker", "0004_search_text"),
        ("tracker", "0005_source_version"),
        ("tracker", "0006_case_roles_qualifiers_partial_dates"),
        ("tracker", "0007_researchers_keep_cases"),
        ("tracker", "0008_points_and_claimants"),
        ("tracker", "0009_held_edits"),
        ("tracker", "0010_researchers_delete_drafts"),
        ("tracker", "0011_reader_page_generation"),
        ("tracker", "0012_search_indexes"),
        ("tracker", "0013_versions_everywhere_and_reader_indexes"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        *parties.operations,
        *sources.operations,
        *cases.operations,
        *claims.operations,
        *review.operations,
        *search.operations,
        *roles.operations,
    ]
