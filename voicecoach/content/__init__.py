"""Built-in content shipped inside the package, such as the restless-legs guide."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from voicecoach.errors import ArticleError

logger = logging.getLogger(__name__)

BUILTIN_GUIDE_KEY = "builtin:restless-legs"
"""The source key players and position stores use for the built-in guide."""

_GUIDE_FILE = "restless-legs-guide.md"


def builtin_guide_path() -> Path:
    """Return the filesystem path of the built-in Markdown guide "Restless legs during withdrawal".

    Raises `ArticleError` when the package is not installed as plain files
    (a zipped install) or the guide is missing, because then there is no path to read.
    """
    resource = resources.files(__package__).joinpath(_GUIDE_FILE)
    # Editable and wheel installs give a real pathlib.Path; a zip import would not.
    if not isinstance(resource, Path) or not resource.is_file():
        raise ArticleError(
            f"The built-in guide {_GUIDE_FILE} is missing from the installed package; "
            "reinstall voicecoach to restore it."
        )
    logger.debug("built-in guide at %s", resource)
    return resource
