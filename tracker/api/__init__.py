"""The read-only JSON API of published data (Django REST framework)."""
