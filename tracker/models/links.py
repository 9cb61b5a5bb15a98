from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def optional_link(
    to: type[M], related_name: str, help_text: str = ""
) -> models.ForeignKey[M | None, M | None]:
    """A link a row may leave empty. While it is set, the row it names is not deleted
    (PROTECT): what others depend on is refused deletion, never cascaded."""
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=help_text,
    )
