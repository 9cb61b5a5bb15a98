"""Names vulture reports as unused that something outside Python's sight uses.

Vulture reads only the Python in tracker/; Django, its libraries and our templates use these
by name. Each group says who. Run `vulture` (configured in pyproject.toml) after a change: a
name it reports that is not here is dead code to remove, not a line to add here.
"""

# ruff: noqa: B018, F821
# mypy: ignore-errors

# Django finds these by convention: the app config, the commands, the middleware in
# settings.MIDDLEWARE, the URLconf's module-level names, the WSGI entry point, and the hook
# Django's shell command asks for the models it imports (tracker/management/commands/shell.py).
TrackerConfig
Command
RejectNullCharacters
PrivateForStaff
ReaderPageCache
ready  # AppConfig.ready, run once the apps are loaded
ExplainOversizedRequests
app_name
urlpatterns
application
get_auto_imports

# Settings Django reads by name from tracker/settings.py.
ALLOWED_HOSTS
CSRF_FAILURE_VIEW
INSTALLED_APPS
MIDDLEWARE
ROOT_URLCONF
TEMPLATES
WSGI_APPLICATION
DATABASES
CACHES
DEFAULT_AUTO_FIELD
SECURE_SSL_REDIRECT
SECURE_PROXY_SSL_HEADER
SECURE_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS
SECURE_HSTS_PRELOAD
SESSION_COOKIE_SECURE
CSRF_COOKIE_SECURE
CONTENT_SECURITY_POLICY
DATA_UPLOAD_MAX_MEMORY_SIZE
AUTH_PASSWORD_VALIDATORS
LANGUAGE_CODE
TIME_ZONE
USE_I18N
USE_TZ
STATIC_URL
STATIC_ROOT
STATICFILES_DIRS
WHITENOISE_USE_FINDERS
WHITENOISE_AUTOREFRESH
FIXTURE_DIRS
LOGIN_URL
SESSION_COOKIE_HTTPONLY
CSRF_COOKIE_HTTPONLY
SECURE_CONTENT_TYPE_NOSNIFF
X_FRAME_OPTIONS

# Model fields: columns the ORM, the admin forms, the fixtures and the templates use.
author
created_at
place
period
began_on
ended_on
kind
relayed_by
stated_on
stated_when
description
outlet
cited_outlet
published_on
language
added_at
search_text
published_when
text_file

# django-simple-history: the `history` manager each tracked model declares, and the
# attributes it reads off an instance when it records a change.
history
_._history_user
_._change_reason

# Choice members: stored values the admin's select boxes, the fixtures and the templates use.
TESTIMONY
ALLEGATION
ARGUMENT
ACCUSATION
FINDING
VERDICT
OFFICIAL_STATEMENT
OFFICIAL_FIGURE
DENIAL
PLEA
HEADLINE
REPORTED_SPEECH
PERSON
ORGANISATION
STATE_BODY
COURT
GROUP
MEDIA
NICKNAME
TRANSLITERATION
NATIVE
SHORT
TITLE
COURT_RECORD
INTERVIEW
OTHER

# Read by the templates (tracker/*.html), which vulture does not parse.
_.is_published
_.statements_by_stance
_.quotes_by_stance
_.quote_url
_.link_url
_.search_field  # filter_form.html: the list pages' search box, then their refinements
_.refinements_in_use
_.public_annotations  # set on a claim and its statements for their page (ClaimPages)

# Django's QuerySet builds its rows with the class it holds here: ClaimPages, LinkedSources.
_._iterable_class

# Admin form media: Django's Media class reads js and css.
js
css

# Django's model formsets keep their rows in `_queryset`, which the admin pairs with the
# rows' forms (tracker/admin/tracking.py RefusesRowsGoneAway sets it).
_queryset

# Set on an admin action for the changelist's action menu; read by Django.
_.__name__

# django-filter calls a filter's `method` by its name, and reads a FilterSet's declared
# filters, such as the search box's `q`, by theirs.
_.with_statement
q

# Signal receivers are called with sender= as a keyword, so the parameter keeps its name.
sender

# The edit policy's entry point for paths outside the admin (commands, the coming API and
# import); tests/test_edit_policy.py calls it.
save_as

# The workbench form: declared fields, ModelForm's Meta.widgets, and fields made optional or
# required, all read by Django's form machinery.
new_claim_case
widgets
_.required

# Disputed points: the admin inline's foreign key name, and what templates and template tags
# read by name (tracker/templatetags/sharing.py registers its functions with the library).
fk_name
point_position
_.by_party
_.get_permanent_url
absolute_url
claimant_names

# Django REST framework and drf-spectacular read these by name: settings, viewset and
# pagination options, throttle and serializer hooks (tracker/api/).
REST_FRAMEWORK
SPECTACULAR_SETTINGS
ListPagination
page_size
page_size_query_param
max_page_size
AnonymousClientThrottle
get_rate
serializer_class
filterset_class
lookup_field
lookup_value_regex
get_serializer_class

# Django's syndication and sitemap frameworks call these by name (tracker/feeds.py,
# tracker/sitemaps.py).
feed_type
subtitle
_.link
item_title
item_description
item_pubdate
item_updateddate
item_categories
_.location
_.lastmod

# Template tags are used by templates (claim_detail.html loads jsonld).
claim_jsonld
point_jsonld

# Django's admin calls the changelist view by name (tracker/admin/cases.py).
changelist_view
new_claim_point

# Held edits: the form field the change form template renders hidden, the admin's option for
# the review queue's title column, the difference and decision time the templates show
# (tracker/admin/held.py, review.py; templates/admin/tracker/).
held_edit
held_edit_version
list_display_links
_.diff
decided_at
_.save_m2m  # a held form's, which the admin and django-simple-history's revert call

# Django's email framework reads these settings by name (tracker/settings.py).
EMAIL_BACKEND
EMAIL_PORT
EMAIL_HOST_USER
EMAIL_HOST_PASSWORD
EMAIL_USE_TLS
DEFAULT_FROM_EMAIL

# Django's admin asks a list filter for its lookups by name (tracker/admin/revisions.py).
lookups

# Django's CSRF middleware calls the view CSRF_FAILURE_VIEW names (tracker/views.py).
csrf_refused

# Django's URL resolver reads handler403 from the root URLconf (tracker/urls.py); the admin
# reads a list filter's parameter_name and lookups (tracker/admin/my_claims.py); a form field's
# disabled flag is read by the form (tracker/admin/annotations.py).
handler403
parameter_name
_.disabled

# Scale (issue 12): admin options and list-filter hooks Django reads by name; the pagination
# template tag; DRF's paginator calls get_page (tracker/api/serializers.py); the disputing and
# qualifying stances are stored values the fixtures and forms use.
search_help_text
show_full_result_count
field_choices
model_admin
has_output
page_url
get_page
DISPUTES
QUALIFIES

# Uncached reader pages (issue 12): templates load the stance matrix cells' and narrow list's
# tags, the claimant tag and the calendar day filter; Django calls a widget's render() with
# the form renderer, which the plain select does not need.
stance_cells
party_stance_items
source_line
time_element
renderer

# The held-edit decision and review step forms' hidden list of the edits a claim's review
# page showed, and the step form's sum of their versions: read from cleaned_data and rendered
# by the decision template; whether a review entry shows values rather than differences, read
# by the review page template.
shown
held_version
_.plain
# What changed since the record before, read by simple-history's history list template.
_.history_delta_changes
