import datetime as dt

import pytest

from pelican.plugins.running_diary.core.model import Post
from pelican.plugins.running_diary.core.settings import from_dict


@pytest.fixture
def settings():
    return from_dict({})


@pytest.fixture
def post():
    return Post(file="content/2024/massage.md", url="2024/04/two-massages-later/",
                title="Two massages later", date=dt.date(2024, 4, 18))
