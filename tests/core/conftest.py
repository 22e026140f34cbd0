import datetime as dt

import pytest

from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.settings import from_dict


@pytest.fixture
def default_settings():
    """The diary's settings when a site sets none."""
    return from_dict({})


@pytest.fixture
def massage_post():
    """The metadata of the contract's example post, "Two massages later"."""
    return Post(file="content/2024/massage.md", url="2024/04/two-massages-later/",
                title="Two massages later", date=dt.date(2024, 4, 18))
