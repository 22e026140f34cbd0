import datetime as dt

import pytest

from diary.core.model import Post
from diary.core.settings import from_dict


@pytest.fixture
def settings():
    return from_dict({})


@pytest.fixture
def post():
    return Post(file="content/2024/massage.md", url="2024/04/two-massages-later/",
                title="Two massages later", date=dt.date(2024, 4, 18))
