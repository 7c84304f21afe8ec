# Harbor High on a fixed calendar (the outreach tests' fixtures): the year starts Tuesday
# 1 September 2026, first contact is due by 15 September.
from tests.outreach.conftest import harbor, travel  # noqa: F401
