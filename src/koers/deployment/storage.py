"""Uploaded files on disk that never stay behind half-written.

Django's file system storage leaves a partial file when a write fails half-way, for instance when
the disk is full. This storage removes it before the error goes on, and
:func:`removed_on_error` removes the files a service already saved when a later step fails, so a
rolled-back transaction leaves no orphan files."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage as DjangoFileSystemStorage
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def is_disk_full(error: BaseException | None) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


class FileSystemStorage(DjangoFileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        existed = os.path.exists(full_path)
        try:
            return super()._save(name, content)  # type: ignore[misc]
        except OSError as error:
            if not existed and os.path.exists(full_path):
                with contextlib.suppress(OSError):
                    os.remove(full_path)
            if is_disk_full(error):
                logger.error("Uploaded file %s not stored: the storage is full", name)
            raise


@contextlib.contextmanager
def removed_on_error(storage: Any = None) -> Iterator[list[str]]:
    """Collect the names of files saved inside the block; if the block raises, delete them."""
    saved: list[str] = []
    try:
        yield saved
    except BaseException:
        target = storage or default_storage
        for name in saved:
            with contextlib.suppress(OSError):
                target.delete(name)
        raise


def save_upload(field_file: Any, name: str, content: Any, *, field: str) -> None:
    """Store an uploaded file in ``field_file`` (without saving the row). A full storage becomes a
    form error on ``field``, so the person keeps what they typed and nothing is saved."""
    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        if not is_disk_full(error):
            raise
        raise ValidationError(
            {
                field: _(
                    "The file could not be stored because the storage of Koers is full. Nothing has "
                    "been saved. Please tell the technical administrator and try again later."
                )
            },
            code="storage_full",
        ) from error
